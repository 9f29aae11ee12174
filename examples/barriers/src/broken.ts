// threading.BrokenBarrierError: this barrier will never release anyone again (a party
// died, a wait timed out, or abort() was called), so waiters stop waiting for ever.
import { emit } from '@concurrency/trace';

export class BrokenBarrierError extends Error {
  override name = 'BrokenBarrierError';
}

// An error that crossed from a worker keeps its name but not its class.
export const isBrokenBarrier = (error: unknown): error is Error =>
  error instanceof Error && error.name === 'BrokenBarrierError';

// A party that dies never arrives, so main breaks the barrier: the others get
// BrokenBarrierError instead of waiting for ever. (Python leaves this to you: a
// thread that raises does not break a threading.Barrier.)
export function breakOnDeath(party: Promise<void>, barrier: { abort(): void }, who: string) {
  return party.catch((error: unknown) => {
    // A BrokenBarrierError is a consequence; anything else is a party that died.
    if (!isBrokenBarrier(error)) {
      emit('main', 'abort', `Main: ${who} died, so main breaks the barrier`);
      barrier.abort();
    }
    throw error;
  });
}
