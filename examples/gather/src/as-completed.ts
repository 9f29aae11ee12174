// Part five: asyncio.as_completed, which JavaScript does not have: handle each
// result the moment it exists, not in the order the tasks were started.
import { emit } from '@concurrency/trace';
import { task } from './task.ts';

/**
 * `asyncio.as_completed(aws)`: promises that settle in the order the tasks finish.
 * The n-th promise returned settles with whichever task is the n-th to finish, so
 * a loop that awaits them in turn handles each result as soon as it exists.
 */
export function asCompleted<T>(promises: readonly Promise<T>[]): Promise<T>[] {
  // One promise per task, settled from outside as the tasks finish.
  const settlers: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const inOrder = promises.map(
    () => new Promise<T>((resolve, reject) => settlers.push({ resolve, reject })),
  );
  // Whichever task settles next settles the next promise handed out.
  let next = 0;
  for (const promise of promises) {
    promise.then(
      (value) => settlers[next++]!.resolve(value),
      (error: unknown) => settlers[next++]!.reject(error),
    );
  }
  return inOrder;
}

/**
 * A sleeps 3 s, B 1 s, C 2 s. As completed, main handles B at 1 s, C at 2 s, A at
 * 3 s. `inCallOrder` is the contrast: awaiting the tasks in the order they were
 * called, B's result, ready at 1 s, sits unhandled until A is done at 3 s.
 */
export async function resultsAsCompleted({ inCallOrder = false } = {}): Promise<void> {
  const demo = 'as-completed';
  const running = [
    { name: 'A', ms: 3000 },
    { name: 'B', ms: 1000 },
    { name: 'C', ms: 2000 },
  ].map(({ name, ms }) => task({ demo, name, ms }).then(() => name));
  // All three run from here; only the order in which main looks at them differs.
  // for next in asyncio.as_completed(tasks): name = await next
  for (const next of inCallOrder ? running : asCompleted(running)) {
    const name = await next;
    emit('main', 'handled', `Main: handling the result of ${name}`, { demo, task: name });
  }
}
