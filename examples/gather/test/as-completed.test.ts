// asCompleted on its own, in this process: the n-th promise it hands out settles as
// the n-th task to finish settles, a rejection included, so a loop over them meets
// each outcome, failures too, in the order they happened.
import { describe, expect, it } from 'vitest';
import { asCompleted } from '../src/as-completed.ts';

/** A promise settled from outside, in the order the test chooses. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('asCompleted', () => {
  it('hands out outcomes in the order the tasks finish, a rejection taking its own turn', async () => {
    const [a, b, c] = [deferred<string>(), deferred<string>(), deferred<string>()];
    const out = asCompleted([a.promise, b.promise, c.promise]);
    const seen: string[] = [];
    const looping = (async () => {
      for (const next of out) {
        try {
          seen.push(`ok ${await next}`);
        } catch (error) {
          seen.push(`failed ${(error as Error).message}`);
        }
      }
    })();
    // B fails first, then C succeeds, then A: three turns, in that order.
    b.reject(new Error('B'));
    c.resolve('C');
    a.resolve('A');
    await looping;
    expect(seen).toEqual(['failed B', 'ok C', 'ok A']);
  });

  it('gives out as many promises as tasks, each settled once', async () => {
    const tasks = [Promise.resolve(1), Promise.reject(new Error('2')), Promise.resolve(3)];
    const outcomes = await Promise.allSettled(asCompleted(tasks));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
