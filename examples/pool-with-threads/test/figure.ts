// The one figure that proves this example's concept, read from a run's trace: which
// processes and threads ran the tasks, and how many tasks ran at once.
import { peakConcurrency, type Trace } from '@concurrency/harness';

export const taskSpans = {
  start: { actor: /^task-/, event: 'start' },
  end: { actor: /^task-/, event: 'finish' },
};

/** For each pid that ran a task, the thread ids that ran them there. */
export function threadsByPid(trace: Trace): Map<number, Set<number>> {
  const found = new Map<number, Set<number>>();
  for (const event of trace) {
    if (!/^task-/.test(event.actor) || event.event !== 'start') continue;
    const tids = found.get(event.pid) ?? new Set<number>();
    found.set(event.pid, tids.add(event.tid));
  }
  return found;
}

export function figure(trace: Trace, _scale: number): string {
  const byPid = threadsByPid(trace);
  const threads = [...byPid.values()].map((tids) => tids.size).join('+');
  const { peak } = peakConcurrency(trace, taskSpans);
  const results = trace.filter((event) => event.actor === 'main' && event.event === 'result');
  const inOrder = results.every((event, i) => event.task === i);
  const order = inOrder ? 'in submission order' : 'out of order';
  return `${byPid.size} processes with ${threads} threads; ${peak} tasks at once; results ${order}`;
}
