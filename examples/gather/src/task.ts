// The task every part runs: the Python program's coroutine, with a name, a sleep,
// and optionally a failure or a cancellation signal.
import { emit, sleep } from '@concurrency/trace';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  /** The Python program's `await asyncio.sleep(2)`. */
  taskMs: 2000,
  /** The longest sleep of any part (as-completed's A). */
  longestMs: 3000,
  /** Below this scale, timer jitter (a few ms) is no longer small beside the sleeps. */
  minScale: 0.1,
} as const;

/** Which part of the lesson an event belongs to: every event carries it as `demo`. */
export type Demo = 'gather' | 'settled' | 'group' | 'timeout' | 'as-completed' | 'limit';

export interface TaskSpec {
  demo: Demo;
  name: string;
  /** How long the task sleeps, nominal ms. */
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
  ms = nominal.taskMs,
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
  return `result ${name}`;
}
