// Part three: asyncio.TaskGroup, which JavaScript does not have, in one function.
import { emit } from '@concurrency/trace';
import { task } from './task.ts';

/** A task in a group is started with the group's signal, and must stop when it aborts. */
export type GroupTask<T> = (signal: AbortSignal) => Promise<T>;

/**
 * `async with asyncio.TaskGroup() as tg:` in one function. All tasks share one
 * AbortController; the first to fail aborts it, which cancels the others (their
 * sleeps clear their timers and reject). Like TaskGroup, it returns only when every
 * task has ended, cancelled ones included, so nothing of the group runs on behind
 * the caller's back. Then, like TaskGroup's `ExceptionGroup` (caught with
 * `except*`), it rejects with an AggregateError holding every task's own error, not
 * only the first: cancellations are left out, as asyncio leaves out CancelledError.
 *
 * `abortOnError: false` is the broken contrast, Promise.all's behaviour: the group
 * still fails, but the others are never told and run on to the end.
 */
export async function runTaskGroup<T>(
  tasks: readonly GroupTask<T>[],
  { abortOnError = true, onFirstError = (_error: unknown) => {} } = {},
): Promise<T[]> {
  // One controller for the whole group: aborting it is tg's cancel of every task.
  const controller = new AbortController();
  const errors: unknown[] = [];
  // tg.create_task(...) for each: each task is handed the group's signal.
  const running = tasks.map((start) =>
    start(controller.signal).catch((error: unknown) => {
      // A task cancelled by the group is not one of its failures.
      if (isCancellation(error)) throw error;
      errors.push(error);
      // The first failure cancels every other task of the group.
      if (errors.length === 1) {
        onFirstError(error);
        if (abortOnError) controller.abort(error);
      }
      throw error;
    }),
  );
  // Leaving the `async with` block: wait until every task has ended, however.
  const outcomes = await Promise.allSettled(running);
  // raise ExceptionGroup(...): every task's own error, not only the first.
  if (errors.length > 0) {
    throw new AggregateError(errors, `${errors.length} of ${tasks.length} tasks failed`);
  }
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

// What a sleep rejects with when its signal aborts: asyncio's CancelledError. It
// is the group's own doing, so it is left out of the errors the group reports.
function isCancellation(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * A finishes at 0.5 s, B raises at 1 s, C and D would sleep 2 s: the group cancels
 * them at 1 s, and rejects with B's error, without waiting the other second.
 */
export async function failFastGroup({ abortOnError = true } = {}): Promise<void> {
  const demo = 'group';
  const specs = [
    { name: 'A', ms: 500 },
    { name: 'B', ms: 1000, fails: true },
    { name: 'C', ms: 2000 },
    { name: 'D', ms: 2000 },
  ];
  emit('group', 'open', 'Group: starting A, B, C and D', { demo });
  // async with asyncio.TaskGroup() as tg: for spec in specs: tg.create_task(...)
  try {
    await runTaskGroup(
      specs.map((spec) => (signal) => task({ demo, ...spec, signal })),
      {
        abortOnError,
        onFirstError: (error) => {
          const what = abortOnError ? 'cancelling the others' : 'the others run on';
          emit('group', 'first-error', `Group: ${(error as Error).message}, ${what}`, { demo });
        },
      },
    );
  } catch (error) {
    // The group's own rejection, once C and D are over: nothing runs behind it.
    // `except* TaskError as group:` in Python; here the AggregateError's `errors`.
    const { errors } = error as AggregateError;
    const messages = errors.map((each) => (each as Error).message).join('; ');
    const text = `Main: the group rejected with an AggregateError of ${errors.length}: "${messages}"`;
    emit('main', 'group-rejected', text, { demo, error: messages, errors: errors.length });
  }
}
