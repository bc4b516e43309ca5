// make_qx_quants with rmse_type = 1 and no importance weights (the Q6_K reference path): symmetric scale search
// over 19 candidate iscales, weights w = x^2. Float32 rounding follows C's evaluation order.

import { F32_TENTH } from './constants.ts';
import {
  firstSymmetricPass,
  type SymmetricQuantizer,
  symmetricLevel,
  weightedLevelSums,
} from './symmetric-levels.ts';

export const makeQxQuants: SymmetricQuantizer = (n, nmax, x, xOff, levels, lOff) => {
  const fr = Math.fround;
  const first = firstSymmetricPass(n, nmax, x, xOff, levels, lOff);
  if (!first) return 0;
  const { max, sumlx, suml2 } = first;
  let scale = suml2 !== 0 ? fr(sumlx / suml2) : 0;
  let best = fr(scale * sumlx);
  for (let is = -9; is <= 9; is++) {
    if (is === 0) continue;
    const iscale = fr(-fr(nmax + fr(F32_TENTH * is)) / max);
    const [slx, sl2] = weightedLevelSums(n, nmax, iscale, x, xOff);
    if (sl2 > 0 && fr(slx * slx) > fr(best * sl2)) {
      for (let i = 0; i < n; i++) levels[lOff + i] = symmetricLevel(iscale, x[xOff + i] as number, nmax);
      scale = fr(slx / sl2);
      best = fr(scale * slx);
    }
  }
  for (let i = 0; i < n; i++) levels[lOff + i] = (levels[lOff + i] as number) + nmax;
  return scale;
};
