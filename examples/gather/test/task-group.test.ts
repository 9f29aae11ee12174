// The task group on its own, in this process: like asyncio's TaskGroup it rejects
// with every task's own error at once (an AggregateError, Python's ExceptionGroup
// caught with `except*`), leaves cancellations out, and waits for every task to end.
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runTaskGroup } from '../src/task-group.ts';

const fails = (message: string) => async () => {
  await delay(1);
  throw new Error(message);
};
const waitsForCancel = (ended: string[], name: string) => async (signal: AbortSignal) => {
  try {
    await delay(60_000, undefined, { signal });
  } finally {
    ended.push(name);
  }
};

describe('runTaskGroup', () => {
  it('rejects with an AggregateError of every failure, not only the first', async () => {
    const group = runTaskGroup([fails('one'), fails('two'), async () => 'fine']);
    const error = await group.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((each) => (each as Error).message)).toEqual([
      'one',
      'two',
    ]);
  });

  it('cancels the others, waits for them to end, and leaves their cancellations out', async () => {
    const ended: string[] = [];
    const group = runTaskGroup([
      fails('boom'),
      waitsForCancel(ended, 'C'),
      waitsForCancel(ended, 'D'),
    ]);
    const error = (await group.catch((caught: unknown) => caught)) as AggregateError;
    expect(ended).toEqual(['C', 'D']);
    expect(error.errors.map((each) => (each as Error).message)).toEqual(['boom']);
  });

  it('returns every result in call order when nothing fails', async () => {
    expect(await runTaskGroup([async () => 1, async () => 2])).toEqual([1, 2]);
  });
});
