// Part one: asyncio.gather is Promise.all. Three tasks run at once, and the
// results come back in the order of the calls, whichever task finished first.
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
    // for name in names: results.append(await task(name)): one at a time.
    results = [];
    for (const name of names) results.push(await task({ demo: 'gather', name }));
  } else {
    // await asyncio.gather(*(task(name) for name in names)): every call starts
    // its task now; Promise.all only waits for them all.
    results = await Promise.all(names.map((name) => task({ demo: 'gather', name })));
  }
  // print(results): A, B, C, whatever order they finished in.
  emit('main', 'results', `Results in call order: ${results.join(', ')}`, { demo: 'gather' });
  return results;
}
