// The job of the Python programs, `sum(i * i for i in range(n))`, kept in 32 bits.
// Python's integers never overflow; a JavaScript number is exact only up to 2^53, and
// the sum for n = 125,000,000 is about 6.5 x 10^23. BigInt would be exact, but every
// addition allocates: at n = 5,000,000 on Node 20 its loop took 70 to 91 times as long
// (141-191 ms against 2.1 ms, five runs, 2 cores): the lesson would time the allocator.
// So the sum is kept modulo 2^32 in a register: `Math.imul(i, i)` is i*i mod 2^32, and
// `| 0` keeps the total in 32 bits. Python's `sum(...) % 2**32` gives the same number.
import { emit } from '@concurrency/trace';

/** `cpu_bound(number)`: the sum of i*i for i below n, modulo 2^32. */
export function sumOfSquares(n: number): number {
  // No allocation, no await: pure CPU, which is the point. Nothing else runs on
  // this thread until the loop ends, whatever calls it.
  let total = 0;
  for (let i = 0; i < n; i++) total = (total + Math.imul(i, i)) | 0;
  return total >>> 0;
}

// Run the loop a few times, small, before any timed job: V8 has then compiled the
// whole function, and whichever version runs first does not pay for the compiler.
export function warmUp(): void {
  for (let i = 0; i < 10; i++) sumOfSquares(50_000);
}

/** One job as it travels to a worker or a child; `fail` makes it throw (`--fail`). */
export type Job = { version: string; index: number; n: number; fail?: boolean };

/** What a member sends back. An Error cannot cross as itself: its message does. */
export type Reply =
  | { ready: true }
  | { index: number; result: number }
  | { index: number; error: string };

// Each job traces its busy span where it runs, `busy` to `done`: on one thread two
// spans never overlap; in a pool of two threads or processes they do.
export function runJob(job: Job, actor: string): number {
  // Traced only (no text): the busy span's two ends, on the shared clock.
  const fields = { version: job.version, job: job.index };
  emit(actor, 'busy', undefined, { ...fields, n: job.n });
  if (job.fail) throw new Error(`job ${job.index} (n = ${job.n}) failed on purpose`);
  const result = sumOfSquares(job.n);
  emit(actor, 'done', undefined, { ...fields, result });
  return result;
}
