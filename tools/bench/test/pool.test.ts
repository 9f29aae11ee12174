import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../src/pool/pool.ts';
import type { EchoInput } from './echo-worker.ts';

const entry = new URL('./echo-worker.ts', import.meta.url);
const pools: WorkerPool<EchoInput, number>[] = [];

function echoPool(tasks: number, options = {}) {
  const runs = new SharedArrayBuffer(4 * tasks);
  const pool = new WorkerPool<EchoInput, number>(entry, { ...options, workerData: { runs } });
  pools.push(pool);
  return { pool, runs: new Int32Array(runs) };
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

describe('the hand-written worker pool', () => {
  it('runs every task exactly once and returns the results in input order', async () => {
    const { pool, runs } = echoPool(5000, { threads: 2, inFlight: 3, batchSize: 7 });
    const inputs = Array.from({ length: 5000 }, (_, id) => ({ id, later: id % 3 === 0 }));
    const results = await pool.map(inputs);
    expect(results).toEqual(inputs.map(({ id }) => id * 2));
    expect([...runs].every((count) => count === 1)).toBe(true);
  });

  it('keeps working across many separate calls, one task at a time', async () => {
    const { pool, runs } = echoPool(50, { threads: 3, inFlight: 1, batchSize: 1 });
    for (let id = 0; id < 50; id++) expect(await pool.run({ id })).toBe(id * 2);
    expect([...runs].every((count) => count === 1)).toBe(true);
  });

  it('rejects only the task that threw, with its own error', async () => {
    const { pool, runs } = echoPool(100);
    const settled = await Promise.allSettled(
      Array.from({ length: 100 }, (_, id) => pool.run({ id, fail: id === 42 })),
    );
    const rejected = settled.flatMap((s, id) => (s.status === 'rejected' ? [[id, s.reason]] : []));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]![0]).toBe(42);
    expect((rejected[0]![1] as Error).message).toBe('task 42 failed on purpose');
    expect([...runs].every((count) => count === 1)).toBe(true);
  });

  it('rejects every pending task when a worker dies, and every later one', async () => {
    const { pool } = echoPool(100, { threads: 1 });
    const settled = await Promise.allSettled(
      Array.from({ length: 100 }, (_, id) => pool.run({ id, die: id === 10 })),
    );
    const late = settled.slice(10);
    expect(late.every((s) => s.status === 'rejected')).toBe(true);
    await expect(pool.run({ id: 0 })).rejects.toThrow(/exited with code 3/);
  });

  it('rejects tasks still queued when it is closed', async () => {
    const { pool } = echoPool(10);
    const pending = pool.map(Array.from({ length: 10 }, (_, id) => ({ id })));
    const rejected = expect(pending).rejects.toThrow('the pool was closed');
    await pool.close();
    await rejected;
  });
});
