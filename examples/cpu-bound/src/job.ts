// The job of the Python programs, `sum(i * i for i in range(n))`, kept in 32 bits.
//
// Python's integers never overflow; JavaScript's numbers are exact only to 2^53, and
// the sum for n = 5,000,000 is about 4 x 10^19. Two ways out: BigInt (exact, but every
// addition allocates and the loop runs about 30 times slower, so the lesson would time
// the allocator) or the sum modulo 2^32, which V8 keeps in a register:
// `Math.imul(i, i)` is i*i mod 2^32 exactly, `| 0` keeps the total in 32 bits. The
// answer is still checkable: Python's `sum(...) % 2**32` gives the same number, and so
// does the closed form n(n-1)(2n-1)/6 in BigInt.
import { emit } from '@concurrency/trace';

/** `cpu_bound(number)`: the sum of i*i for i below n, modulo 2^32. */
export function sumOfSquares(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total = (total + Math.imul(i, i)) | 0;
  return total >>> 0;
}

/**
 * Run the loop a few times, small, so that V8 has compiled the whole function (not
 * only the loop) before any timed job: otherwise whichever version runs first pays
 * for the compiler and looks slower than the rest.
 */
export function warmUp(): void {
  for (let i = 0; i < 10; i++) sumOfSquares(50_000);
}

/** The same number from the closed form, to check the loop itself. */
export function sumOfSquaresExact(n: number): number {
  const big = BigInt(n);
  return Number(((big * (big - 1n) * (2n * big - 1n)) / 6n) % 2n ** 32n);
}

export type Version = 'sequential' | 'async' | 'threads' | 'processes';

/** One job as it travels to a worker or a child: which version, which job, how big. */
export interface Job {
  version: Version;
  index: number;
  n: number;
  /** This job throws instead of summing (--fail). */
  fail?: boolean;
}

/**
 * Run one job and trace its busy span: `busy` when the CPU work starts, `done` when
 * it ends, in whichever thread or process runs it. The spans are the proof: on one
 * thread they can never overlap; on two threads they can.
 */
export function runJob(job: Job, actor: string): number {
  emit(actor, 'busy', undefined, { version: job.version, job: job.index, n: job.n });
  if (job.fail) throw new Error(`job ${job.index} (n = ${job.n}) failed on purpose`);
  const result = sumOfSquares(job.n);
  emit(actor, 'done', undefined, { version: job.version, job: job.index, result });
  return result;
}
