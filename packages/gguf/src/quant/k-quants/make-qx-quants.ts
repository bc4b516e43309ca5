// make_qx_quants with rmse_type = 1 and no importance weights (the Q6_K reference path): symmetric scale search
// over 19 candidate iscales, weights w = x^2. Float32 rounding follows C's evaluation order.

import { nearestInt } from '../c-rounding.ts';
import { F32_TENTH, GROUP_MAX_EPS } from './constants.ts';

/**
 * Quantizes x[xOff .. xOff+n) to levels 0..2*nmax-1 (level - nmax is the signed quant) written to
 * levels[lOff ..]. Returns the scale: value ~ scale * (level - nmax).
 */
export function makeQxQuants(
  n: number,
  nmax: number,
  x: Float32Array,
  xOff: number,
  levels: Int8Array,
  lOff: number,
): number {
  const fr = Math.fround;
  let max = 0;
  let amax = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[xOff + i] as number;
    const ax = Math.abs(xi);
    if (ax > amax) {
      amax = ax;
      max = xi;
    }
  }
  if (amax < GROUP_MAX_EPS) {
    levels.fill(0, lOff, lOff + n);
    return 0;
  }
  let iscale = fr(-nmax / max);
  let sumlx = 0;
  let suml2 = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[xOff + i] as number;
    const l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(fr(iscale * xi))));
    levels[lOff + i] = l + nmax;
    const w = fr(xi * xi);
    sumlx = fr(sumlx + fr(fr(w * xi) * l));
    suml2 = fr(suml2 + fr(fr(w * l) * l));
  }
  let scale = suml2 !== 0 ? fr(sumlx / suml2) : 0;
  let best = fr(scale * sumlx);
  for (let is = -9; is <= 9; is++) {
    if (is === 0) continue;
    iscale = fr(-fr(nmax + fr(F32_TENTH * is)) / max);
    sumlx = 0;
    suml2 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[xOff + i] as number;
      const l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(fr(iscale * xi))));
      const w = fr(xi * xi);
      sumlx = fr(sumlx + fr(fr(w * xi) * l));
      suml2 = fr(suml2 + fr(fr(w * l) * l));
    }
    if (suml2 > 0 && fr(sumlx * sumlx) > fr(best * suml2)) {
      for (let i = 0; i < n; i++) {
        const l = nearestInt(fr(iscale * (x[xOff + i] as number)));
        levels[lOff + i] = nmax + Math.max(-nmax, Math.min(nmax - 1, l));
      }
      scale = fr(sumlx / suml2);
      best = fr(scale * sumlx);
    }
  }
  return scale;
}
