// The job of the Python programs, `sum(i * i for i in range(n))`, modulo 2^32. Python's
// integers never overflow; a JavaScript number is exact only to 2^53, and BigInt would
// allocate on every addition (70 to 91 times as slow, see the README). `Math.imul(i, i)`
// is i*i mod 2^32 exactly and `| 0` keeps the total in 32 bits, as `% 2**32` in Python.
import { emit } from '@concurrency/trace';

/** `cpu_bound(number)`: the sum of i*i for i below n, modulo 2^32. */
export function sumOfSquares(n: number): number {
  // No allocation, no await: pure CPU. Nothing else runs on this thread until it ends.
  let total = 0;
  for (let i = 0; i < n; i++) total = (total + Math.imul(i, i)) | 0;
  return total >>> 0;
}

// A few small runs before any timed job: V8 has then compiled the loop, and whichever
// version runs first does not pay for the compiler.
export function warmUp(): void {
  for (let i = 0; i < 10; i++) sumOfSquares(50_000);
}

/** One job as it travels to a worker or a child; `fail` makes it throw (`--fail`). */
export type Job = { version: string; index: number; n: number; fail?: boolean };

// Each job traces its busy span where it runs, `busy` to `done` (traced, not printed):
// on one thread two spans never overlap; in a pool of two threads or processes they do.
export function runJob(job: Job, actor: string): number {
  const fields = { version: job.version, job: job.index };
  emit(actor, 'busy', undefined, { ...fields, n: job.n });
  if (job.fail) throw new Error(`job ${job.index} (n = ${job.n}) failed on purpose`);
  const result = sumOfSquares(job.n);
  emit(actor, 'done', undefined, { ...fields, result });
  return result;
}
