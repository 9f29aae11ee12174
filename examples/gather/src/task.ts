// The task every part runs: the Python program's coroutine, with a name, a sleep,
// and optionally a failure or a cancellation signal.
import { emit, sleep } from '@concurrency/trace';
import type { Demo } from './setup.ts';

export interface TaskSpec {
  /** Which part runs the task: every event it traces carries it. */
  demo: Demo;
  name: string;
  /** How long the task sleeps, nominal ms: by default 2000, Python's `asyncio.sleep(2)`. */
  ms?: number;
  /** Raise instead of finishing, once the sleep is over. */
  fails?: boolean;
  /** Cancellation: when it aborts, the sleep's timer is cleared and the task stops. */
  signal?: AbortSignal;
}

// The error a failing task raises: its name is what the outcome lines print.
export class TaskError extends Error {
  override name = 'TaskError';
}

/**
 * The Python program's coroutine: say it starts, sleep, say it finished, return a
 * value. Calling an async function runs its body at once, up to its first `await`,
 * before the call even returns: `Task A starting` is printed by the call itself.
 * `asyncio.create_task(task())` only schedules the coroutine; it starts when the
 * caller next yields to the loop. Python 3.12's eager tasks are the closer twin.
 */
export async function task({
  demo,
  name,
  ms = 2000,
  fails = false,
  signal,
}: TaskSpec): Promise<string> {
  const actor = `task-${name}`;
  // print(f"Task {name} starting")
  emit(actor, 'start', `Task ${name} starting`, { demo, task: name });
  try {
    // The signal reaches the timer itself: on abort, Node clears the timer and the
    // sleep rejects at once with an AbortError, asyncio's CancelledError.
    await sleep(ms, { signal });
  } catch (error) {
    // Cancelled: say so, and let the AbortError go up, as CancelledError would.
    if (signal?.aborted) emit(actor, 'cancelled', `Task ${name} cancelled`, { demo, task: name });
    throw error;
  }
  // raise TaskError(...) once the sleep is over, if asked to.
  if (fails) {
    emit(actor, 'raise', `Task ${name} raises`, { demo, task: name });
    throw new TaskError(`task ${name} failed`);
  }
  emit(actor, 'finish', `Task ${name} finished`, { demo, task: name });
  // return f"result {name}": what gather collects, in the order the tasks were given.
  return `result ${name}`;
}
