// threading.BrokenBarrierError: this barrier will never release anyone again, because
// a party died, a wait timed out, or someone called abort(). Waiters get it instead
// of waiting for ever for a party that is not coming.
export class BrokenBarrierError extends Error {
  override name = 'BrokenBarrierError';
}

// An error that crossed from a worker keeps its name but not its class.
export const isBrokenBarrier = (error: unknown): error is Error =>
  error instanceof Error && error.name === 'BrokenBarrierError';
