/**
 * `work`, or a rejection naming the promise that was broken once `ms` have passed.
 * For in-process tests of a mechanism (a lock, a limiter) whose bug shows as a wait
 * that never ends: the test fails with what never happened, not with the runner's
 * hang timeout. `what` completes "expected ...": 'every waiter to be let in'.
 */
export async function settlesWithin<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`expected ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
