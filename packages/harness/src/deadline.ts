/**
 * Await `promise`, but no longer than `ms`: a mechanism that breaks by hanging
 * (a pool that sends a task to a dead process, a waiter nobody wakes) then fails
 * with an error naming the promise it broke, `what`, instead of only with the test
 * runner's hang timeout. The timer is cleared either way.
 */
export function settlesWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
