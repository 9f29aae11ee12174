// Proof only, not the lesson. A loaded machine can stop a whole process for hundreds
// of ms, and a heartbeat's pause then says nothing about the loop. The recursion's
// calls come microseconds apart, so a longer gap between two of them is time this
// process did not run at all. Traced, it lets a test judge the loop by the time the
// machine gave it.
import { performance } from 'node:perf_hooks';
import { emit } from '@concurrency/trace';

/** A gap between two calls longer than this is the machine's, not the loop's. */
export const STALL_MS = 5;

/** Returns a function to call once per call of a busy loop; it traces each stall. */
export function watchStalls(actor: string): () => void {
  let last = performance.now();
  return () => {
    const now = performance.now();
    // Traced, not printed; its time is when the process ran again.
    if (now - last > STALL_MS) emit(actor, 'stall', undefined, { ms: now - last });
    last = now;
  };
}
