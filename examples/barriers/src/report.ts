// The end of a run in words: main's last line, or one line for the whole failure.
import { emit } from '@concurrency/trace';
import { isBrokenBarrier } from './broken.ts';

// allSettled, not all: main hears every party's end, the first failure included,
// and still waits for the others to give up before it reports.
export async function reportEnd(parties: Promise<void>[], kind: string, rounds: number) {
  const outcomes = await Promise.allSettled(parties);
  const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []));
  if (errors.length > 0) throw new Error(whatBroke(errors, kind));
  const what = `${rounds} round${rounds === 1 ? '' : 's'}`;
  emit('main', 'finish', `Main: all ${outcomes.length} ${kind}s passed ${what}`);
}

/** The cause first (a death, else a timeout), then how many it took down. */
function whatBroke(errors: Error[], kind: string): string {
  const cause =
    errors.find((error) => !isBrokenBarrier(error)) ??
    errors.find((error) => error.message.includes('timed out')) ??
    errors[0]!;
  const others = errors.filter((error) => error !== cause && isBrokenBarrier(error)).length;
  if (others === 0) return cause.message;
  const them = `${others} other ${kind}${others === 1 ? '' : 's'}`;
  return `${cause.message}; the barrier broke, and ${them} got BrokenBarrierError`;
}
