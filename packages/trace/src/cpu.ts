// CPU-bound work that V8 keeps in 32-bit integers from the first call: Math.imul and
// `| 0` never leave the int32 range, and the counter of the inner loop never passes
// 2^31, so a huge first call is optimised on the stack (OSR) and runs at the same
// rate per unit as a warm small one. A loop over a growing float or a counter past
// 2^31 would fall back to slow heap numbers and make timings lie.
const CHUNK = 1 << 20;

/** Spin the CPU through `units` rounds of mixing; returns a checksum so it cannot be skipped. */
export function burnCpu(units: number): number {
  let state = 0x2545f491;
  let left = units;
  while (left > 0) {
    const n = Math.min(left, CHUNK);
    for (let i = 0; i < n; i++) {
      state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + i;
      state |= 0;
    }
    left -= n;
  }
  return state >>> 0;
}
