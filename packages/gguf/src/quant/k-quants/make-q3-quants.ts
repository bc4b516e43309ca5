// make_q3_quants with do_rmse = true (the Q3_K reference path): symmetric levels refined by up to 5 passes of
// per-element coordinate descent on the x^2-weighted error. Float32 rounding follows C's evaluation order.

import { nearestInt } from '../c-rounding.ts';
import { firstSymmetricPass, type SymmetricQuantizer } from './symmetric-levels.ts';

export const makeQ3Quants: SymmetricQuantizer = (n, nmax, x, xOff, levels, lOff) => {
  const fr = Math.fround;
  const first = firstSymmetricPass(n, nmax, x, xOff, levels, lOff);
  if (!first) return 0;
  let { sumlx, suml2 } = first;
  for (let itry = 0; itry < 5; itry++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[xOff + i] as number;
      const li = levels[lOff + i] as number;
      const w = fr(xi * xi);
      let slx = fr(sumlx - fr(fr(w * xi) * li));
      if (slx > 0) {
        let sl2 = fr(suml2 - fr(fr(w * li) * li));
        const newL = Math.max(-nmax, Math.min(nmax - 1, nearestInt(fr(fr(xi * sl2) / slx))));
        if (newL !== li) {
          slx = fr(slx + fr(fr(w * xi) * newL));
          sl2 = fr(sl2 + fr(fr(w * newL) * newL));
          if (sl2 > 0 && fr(fr(slx * slx) * suml2) > fr(fr(sumlx * sumlx) * sl2)) {
            levels[lOff + i] = newL;
            sumlx = slx;
            suml2 = sl2;
            changed++;
          }
        }
      }
    }
    if (changed === 0) break;
  }
  for (let i = 0; i < n; i++) levels[lOff + i] = (levels[lOff + i] as number) + nmax;
  return suml2 > 0 ? fr(sumlx / suml2) : 0;
};
