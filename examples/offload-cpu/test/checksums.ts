// The checksums burnCpu gives, for every job of several runs in one pass. burnCpu's
// rounds for n units are the first n of its rounds for any larger size: it mixes in
// chunks of 2^20 rounds whose counter restarts at each multiple of 2^20, wherever it
// stops. So one walk to the largest size passes every smaller one on its way, and the
// state there is that size's checksum: the CPU of the largest job, not of them all.
// (A test holds these to burnCpu itself, across a chunk's edge.)

const CHUNK = 2 ** 20;

/** burnCpu(units) for each of `sizes`, keyed by the size. */
export function checksums(sizes: number[]): Map<number, number> {
  const found = new Map<number, number>();
  let state = 0x2545f491;
  let done = 0;
  for (const size of [...new Set(sizes)].sort((a, b) => a - b)) {
    while (done < size) {
      const from = done % CHUNK;
      const to = Math.min(from + size - done, CHUNK);
      state = mix(state, from, to);
      done += to - from;
    }
    found.set(size, state >>> 0);
  }
  return found;
}

/** burnCpu's inner loop, for the rounds numbered `from` to `to` of one chunk. */
function mix(start: number, from: number, to: number): number {
  let state = start;
  for (let i = from; i < to; i++) {
    state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + i;
    state |= 0;
  }
  return state;
}
