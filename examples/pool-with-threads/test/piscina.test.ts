import { workerEntry } from '@concurrency/trace';
import { Piscina } from 'piscina';
import { expect, it } from 'vitest';
import type { Task } from '../src/setup-protocol.ts';

it('piscina runs the same tasks, given as data, and answers in submission order', async () => {
  // workerEntry() makes the .ts file loadable by a bare worker thread on Node 20 too.
  const filename = workerEntry(new URL('../src/piscina-task.ts', import.meta.url)).href;
  const pool = new Piscina<Task, number>({ filename, maxThreads: 3 });
  try {
    const ids = [0, 1, 2, 3];
    const results = await Promise.all(
      ids.map((id) => pool.run({ task: 'threadTask', args: [id, 10 * (4 - id)] })),
    );
    expect(results).toEqual([0, 1, 4, 9]);
    // Piscina clones the task too: a function in it is refused, and the pool carries on.
    await expect(pool.run({ task: 'threadTask', args: [() => 0] })).rejects.toThrow(
      'could not be cloned',
    );
    await expect(pool.run({ task: 'failingTask', args: [7] })).rejects.toThrow(
      'task 7 failed on purpose',
    );
    expect(await pool.run({ task: 'threadTask', args: [5, 1] })).toBe(25);
  } finally {
    await pool.destroy();
  }
  expect(pool.threads).toHaveLength(0);
});
