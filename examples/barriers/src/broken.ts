/**
 * Python's `threading.BrokenBarrierError`: this barrier will never release anyone
 * again, because a party died, a wait timed out, or someone called `abort()`.
 * Waiters get it instead of waiting forever for a party that is not coming.
 */
export class BrokenBarrierError extends Error {
  override name = 'BrokenBarrierError';
}

/** True for a BrokenBarrierError, also one that crossed from a worker (only its name survives). */
export function isBrokenBarrier(error: unknown): error is Error {
  return error instanceof Error && error.name === 'BrokenBarrierError';
}
