import { isBrokenBarrier } from './broken.ts';

/** One line for the whole failure: the cause first, then how many it took down. */
export function whatBroke(errors: Error[], kind: string): string {
  const cause =
    errors.find((error) => !isBrokenBarrier(error)) ??
    errors.find((error) => error.message.includes('timed out')) ??
    errors[0]!;
  const others = errors.filter((error) => error !== cause && isBrokenBarrier(error)).length;
  if (others === 0) return cause.message;
  const them = `${others} other ${kind}${others === 1 ? '' : 's'}`;
  return `${cause.message}; the barrier broke, and ${them} got BrokenBarrierError`;
}
