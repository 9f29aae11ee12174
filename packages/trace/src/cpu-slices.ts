// burnCpu in slices, with a pause between them: the same rounds and the same checksum
// as burnCpu(units), but the caller's event loop gets a turn between two slices. A
// process burning CPU this way still hears that its parent has gone, or a message
// asking it to stop; one that burns in a single call hears nothing until it is done.

/** Rounds per slice: the same as burnCpu's own chunk, so the checksum is the same. */
const SLICE = 1 << 20;

/** Spin `units` rounds, awaiting `between()` after each slice of about a millisecond. */
export async function burnCpuInSlices(
  units: number,
  between: () => Promise<void> | void,
): Promise<number> {
  let state = 0x2545f491;
  for (let left = units; left > 0; left -= SLICE) {
    state = burnSlice(state, Math.min(left, SLICE));
    await between();
  }
  return state >>> 0;
}

function burnSlice(state: number, rounds: number): number {
  for (let i = 0; i < rounds; i++) {
    state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + i;
    state |= 0;
  }
  return state;
}
