// Where a broken mechanism makes a run hang, a test should fail with the promise it
// broke ("every waiter wakes when the barrier breaks, but worker-0 never does"), not
// only with a hang timeout. Two tools for that: a run stopped at a deadline, whose
// partial trace the test's own checks then read; and, for threads in the test's own
// process, a watch on a progress counter that names what stopped moving.
import { type RunOptions, type RunResult, startExample } from './run.ts';

export interface DeadlineRun extends RunResult {
  /** True if the run was still going at its deadline and was killed (SIGKILL). */
  stoppedAtDeadline: boolean;
}

/**
 * Run an example; once its output shows a line matching `after` (a handshake: the
 * moment the promise under test is made), give it `withinMs` more to end, then kill
 * it. The result holds the trace up to that moment, for the checks to name what
 * never happened.
 */
export async function runWithDeadline(
  packageDir: string,
  options: RunOptions,
  { after, withinMs }: { after: RegExp; withinMs: number },
): Promise<DeadlineRun> {
  const running = startExample(packageDir, options);
  let stoppedAtDeadline = false;
  let timer: NodeJS.Timeout | undefined;
  running
    .waitForOutput(after)
    .then(() => {
      timer = setTimeout(() => {
        // A run that exited on its own a moment before is not one stopped here.
        if (running.hasExited()) return;
        stoppedAtDeadline = true;
        running.signal('SIGKILL');
      }, withinMs);
    })
    .catch(() => {}); // the run ended first: nothing to stop
  const result = await running.done;
  clearTimeout(timer);
  // A run that ended on its own a moment before the kill (its exit not yet seen here)
  // ended with its own code, not by the SIGKILL: that one was not stopped.
  return { ...result, stoppedAtDeadline: stoppedAtDeadline && result.signal === 'SIGKILL' };
}

/** A mechanism stopped making progress: the message says which promise it broke. */
export class StallError extends Error {
  override name = 'StallError';
}

export interface StallWatch {
  /** A number that moves while the work makes progress (items taken, rounds passed). */
  progress: () => number;
  /** How long it may stand still before the work counts as stuck. */
  stallMs: number;
  /**
   * How long it may take to move at all (threads still starting and loading their
   * code, which a loaded machine stretches to seconds); 4 × stallMs unless given.
   */
  firstMoveMs?: number;
  /** The broken promise, in words, read from the state at the moment it stalled. */
  explain: () => string;
  /** Runs before the StallError is thrown: stop the threads that are stuck. */
  onStall?: () => unknown;
}

/**
 * `work`'s value, or a StallError once `progress()` has not moved for `stallMs` (or, before
 * its first move, for `firstMoveMs`). The counter is read every few milliseconds: a slow
 * but moving run is never cut short.
 */
export async function settleOrStall<T>(work: Promise<T>, watch: StallWatch): Promise<T> {
  let last = watch.progress();
  let since = performance.now();
  let allowed = watch.firstMoveMs ?? 4 * watch.stallMs;
  let timer: NodeJS.Timeout | undefined;
  let stall: string | undefined;
  const stalled = new Promise<void>((resolve) => {
    const look = () => {
      const now = watch.progress();
      if (now !== last) {
        last = now;
        since = performance.now();
        allowed = watch.stallMs;
      } else if (performance.now() - since > allowed) {
        stall = watch.explain();
        void Promise.resolve(watch.onStall?.()).finally(resolve);
        return;
      }
      timer = setTimeout(look, 20);
    };
    timer = setTimeout(look, 20);
  });
  try {
    const settled = await Promise.race([work.then((value) => ({ value })), stalled]);
    // Stopping the stuck threads may settle `work` first: the stall still decides.
    if (stall !== undefined || settled === undefined) throw new StallError(stall);
    return settled.value;
  } finally {
    clearTimeout(timer);
  }
}
