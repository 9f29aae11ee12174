// The claims of each part, as checks over a run's trace. Every event of a part
// carries its name as `demo`, so one run of all the parts can be checked part by part.
import {
  expectActorOrder,
  expectAllBefore,
  expectCount,
  expectDuration,
  expectPeakConcurrency,
  select,
  spanWithoutCpuWait,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { nominal } from '../src/setup.ts';

export function part(trace: Trace, demo: string): Trace {
  return trace.filter((event) => event.demo === demo);
}

export const taskSpans = {
  start: { actor: /^task-/, event: 'start' },
  end: { actor: /^task-/, event: ['finish', 'raise', 'cancelled'] },
};

/** gather: A, B and C overlap, so the three sleeps take about one sleep (2 s), not three. */
export function gatherSpec(whole: Trace, scale: number): void {
  const trace = part(whole, 'gather');
  expectCount(trace, { event: 'finish' }, 3);
  expectPeakConcurrency(trace, taskSpans, { atLeast: 3 });
  expectDuration(trace, {
    from: { event: 'start' },
    to: { event: 'finish' },
    nominalMs: nominal.taskMs,
    scale,
    atMost: 2, // halfway between 1 sleep (at once) and 3 (one at a time)
  });
  expectAllBefore(trace, { event: 'finish' }, { actor: 'main', event: 'results' });
}

/** allSettled: A and C run on past B's failure, and each outcome names its task. */
export function settledSpec(whole: Trace): void {
  const trace = part(whole, 'settled');
  expectCount(trace, { event: 'outcome', status: 'fulfilled', task: ['A', 'C'] }, 2);
  expectCount(
    trace,
    { event: 'outcome', status: 'rejected', task: 'B', error: 'task B failed' },
    1,
  );
  expectAllBefore(trace, { actor: 'task-B', event: 'raise' }, { event: 'finish' });
  expectAllBefore(trace, { actor: /^task-/ }, { event: 'outcome' });
}

/**
 * The fail-fast group: once B has failed, no task does anything but stop. C and D
 * are cancelled (their timers cleared, so no `finish` ever comes), and the group
 * rejects with B's error at about 1 s, not at the 2 s C and D would have slept.
 */
export function groupSpec(whole: Trace, scale: number): void {
  const trace = part(whole, 'group');
  const cancel = { actor: 'group', event: 'first-error' };
  expectAllBefore(trace, { actor: /^task-/, event: ['start', 'finish', 'raise'] }, cancel);
  expectCount(trace, { event: 'cancelled', actor: ['task-C', 'task-D'] }, 2);
  expectAllBefore(trace, cancel, { event: 'cancelled' });
  expectCount(trace, { event: 'group-rejected', error: 'task B failed', errors: 1 }, 1);
  expectEndsAtOnceAfterFailure(trace, scale);
  expectDuration(trace, {
    from: { actor: 'group', event: 'open' },
    to: { event: 'group-rejected' },
    nominalMs: 1000,
    scale,
    atMost: 1.5, // halfway between B's 1 s and the 2 s of a group that waits for C and D
  });
}

/**
 * After B raises, every task still running ends at once (cancelled), not when its
 * own sleep would have run out: each one's last event comes within a small bound
 * of B's `raise`. Cancelling is a few microtasks; the bound is a quarter of the
 * second C and D had left to sleep, so a group that lets them run on fails it.
 */
export function expectEndsAtOnceAfterFailure(trace: Trace, scale: number): void {
  const [failure] = expectCount(trace, { actor: 'task-B', event: 'raise' }, 1);
  const boundMs = 0.25 * 1000 * scale;
  const ends = select(trace, { actor: /^task-/, event: ['finish', 'raise', 'cancelled'] });
  // Judged less the time a thread waited for a core: that lateness is the machine's.
  const late = ends.filter(
    (end) => end.t > failure!.t && spanWithoutCpuWait(trace, failure!, end) > boundMs,
  );
  if (late.length > 0) {
    const rule = `every task still running when B raises ends within ${boundMs} ms of it`;
    const gap = (late[0]!.t - failure!.t).toFixed(0);
    const but = `B (${late[0]!.actor} ${late[0]!.event}) comes ${gap} ms after A (task B raises)`;
    throw new TraceCheckError({ rule, culprits: [failure!, late[0]!], trace, but });
  }
}

/** Timeouts: A (2 s, given 1 s) is cancelled at 1 s and never finishes; B (0.5 s) returns. */
export function timeoutSpec(whole: Trace, scale: number): void {
  const trace = part(whole, 'timeout');
  expectCount(trace, { actor: 'task-A', event: 'finish' }, 0);
  expectActorOrder(trace, 'task-A', ['start', 'cancelled']);
  expectAllBefore(trace, { actor: 'task-A' }, { actor: 'main', event: 'timed-out', task: 'A' });
  expectDuration(trace, {
    from: { actor: 'task-A', event: 'start' },
    to: { actor: 'main', event: 'timed-out' },
    nominalMs: 1000,
    scale,
    atMost: 1.5, // halfway between the timeout (1 s) and the task's own 2 s
  });
  expectCount(trace, { actor: 'main', event: 'in-time', task: 'B' }, 1);
}

/** As completed: each result is handled before the next task finishes, in finishing order. */
export function asCompletedSpec(whole: Trace): void {
  const trace = part(whole, 'as-completed');
  const finishes = expectCount(trace, { event: 'finish' }, 3);
  expectCount(trace, { actor: 'main', event: 'handled' }, 3);
  for (const [i, finished] of finishes.slice(0, -1).entries()) {
    const handled = { actor: 'main', event: 'handled', task: finished.task };
    expectAllBefore(trace, handled, { event: 'finish', task: finishes[i + 1]!.task });
  }
}

/** The limit: six tasks, never more than `limit` running at one moment, and that many do. */
export function limitSpec(whole: Trace, limit: number): void {
  const trace = part(whole, 'limit');
  expectCount(trace, { event: 'finish' }, 6);
  expectPeakConcurrency(trace, taskSpans, { atLeast: limit, atMost: limit });
}
