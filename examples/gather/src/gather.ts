import { emit } from '@concurrency/trace';
import { task } from './task.ts';

const names = ['A', 'B', 'C'];

/**
 * `await asyncio.gather(task("A"), task("B"), task("C"))`. Each call to task()
 * starts it at once; Promise.all only waits for them all, and hands the results
 * back in the order of the calls, whichever finished first. About 2 s in all.
 *
 * `sequential` is the broken contrast: `await` each before calling the next, so
 * every sleep waits for the one before it. About 6 s.
 */
export async function gatherThree({ sequential = false } = {}): Promise<string[]> {
  let results: string[];
  if (sequential) {
    results = [];
    for (const name of names) results.push(await task({ demo: 'gather', name }));
  } else {
    results = await Promise.all(names.map((name) => task({ demo: 'gather', name })));
  }
  emit('main', 'results', `Results in call order: ${results.join(', ')}`, { demo: 'gather' });
  return results;
}
