// The one figure that proves this example's concept, read from a run's trace. The
// tour prints it in its summary; the tests check the same events.
import { peakConcurrency, select, type Trace } from '@concurrency/harness';

export const insideSpans = {
  start: { actor: /^worker-/, event: 'enter' },
  end: { actor: /^worker-/, event: 'leave' },
};

export function figure(trace: Trace, _scale: number): string {
  const parts: string[] = [];
  const [permits] = select(trace, { actor: 'main', event: 'permits' });
  if (permits) {
    const { peak } = peakConcurrency(trace, insideSpans);
    parts.push(`at most ${peak} inside Semaphore(2), ${permits.back}/2 permits back`);
  }
  const released = select(trace, { event: 'released' }).length;
  if (select(trace, { actor: 'main', event: 'set' }).length > 0) {
    parts.push(`${released} waiters released by one set()`);
  }
  const took = select(trace, { event: 'took' });
  if (took.length > 0) {
    const empty = took.filter((e) => e.item === 0).length;
    parts.push(`${took.length - empty} items taken, ${empty} empty`);
  }
  const done = select(trace, { event: 'done' }).length;
  const stuck = select(trace, { event: 'deadlock' }).length;
  if (done + stuck > 0) parts.push(`${done}/2 lock pairs taken, ${stuck} deadlocked`);
  return parts.join('; ');
}
