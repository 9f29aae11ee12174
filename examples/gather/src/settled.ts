// Part two: a failure among the tasks, and an answer from every one of them.
import { emit } from '@concurrency/trace';
import { task } from './task.ts';

/**
 * `asyncio.gather(..., return_exceptions=True)` is Promise.allSettled: every task
 * runs to its end, and each outcome says whether it fulfilled or rejected, so the
 * error comes back next to the task that raised it. Here B raises after 1 s while
 * A and C go on to finish at 2 s.
 *
 * `allOrNothing` is the contrast, plain Promise.all: it rejects as soon as B does,
 * the results of A and C are lost, and A and C still run on with nobody listening.
 */
export async function gatherSettled({ allOrNothing = false } = {}): Promise<void> {
  // B fails after 1 s; A and C would finish at 2 s, whatever B does.
  const tasks = [
    { name: 'A', ms: 2000 },
    { name: 'B', ms: 1000, fails: true },
    { name: 'C', ms: 2000 },
  ];
  // Every task starts now, as create_task would start it.
  const running = tasks.map((spec) => task({ demo: 'settled', ...spec }));
  if (allOrNothing) {
    // The contrast: await asyncio.gather(*tasks), without return_exceptions.
    await Promise.all(running); // rejects with B's error; main exits 1
    return;
  }
  // await asyncio.gather(*tasks, return_exceptions=True)
  const outcomes = await Promise.allSettled(running);
  // Each outcome says fulfilled (with its value) or rejected (with its reason),
  // in the order of the calls, so every error stays next to its task's name.
  outcomes.forEach((outcome, i) => {
    // Python checks isinstance(result, Exception); here the status says which.
    const name = tasks[i]!.name;
    const fields = { demo: 'settled', task: name, status: outcome.status } as const;
    if (outcome.status === 'fulfilled') {
      emit('main', 'outcome', `${name}: fulfilled with "${outcome.value}"`, fields);
    } else {
      const error = outcome.reason as Error;
      emit('main', 'outcome', `${name}: rejected with ${error.name}: ${error.message}`, {
        ...fields,
        error: error.message,
      });
    }
  });
}
