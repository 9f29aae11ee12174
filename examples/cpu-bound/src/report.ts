// Around the lesson, not in it: each version timed between two measurements of the
// cores free, and the table, each line saying what the machine gave or, where it
// could not show a speed-up, why not instead of a misleading figure.
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { emit, nowMs } from '@concurrency/trace';

/** A version as it ran: time, results, on how many threads (1 or the pool's size). */
export interface Row {
  label: string;
  ms: number;
  results: number[];
  /** The right sums, from the closed form, for this version's numbers. */
  expected: number[];
  threads: number;
  freeCores: number;
  note?: string;
}

/** A version on one thread needs about a core; a pool, at least this many. */
export const ONE_CORE = 0.9;
export const ENOUGH_CORES = 1.5;

/** The sum of i*i for i below n, modulo 2^32, from the closed form n(n-1)(2n-1)/6. */
export function sumOfSquaresExact(n: number): number {
  const big = BigInt(n);
  return Number(((big * (big - 1n) * (2n * big - 1n)) / 6n) % 2n ** 32n);
}

/** Time a version from now (its pool ready) to its last result, traced as printed. */
export async function timed(version: string, run: () => Promise<number[]>) {
  const began = emit('main', 'start', undefined, { version }).t;
  const results = await run();
  const t = nowMs();
  const ms = t - began;
  emit('main', 'finish', `Duration ${(ms / 1000).toFixed(3)} seconds`, { version, ms, t });
  return { ms, results };
}

/**
 * Run each version between two measurements of the cores free (the fewer counts,
 * and one measurement serves the version before and the one after): the machine is
 * shared, and what it gives changes from moment to moment.
 */
export function coreWatch(size: number) {
  let last: number | undefined;
  return async <T>(version: string, run: () => Promise<T>) => {
    const before = last ?? (await freeCores(size));
    const value = await run();
    last = await freeCores(size);
    const cores = Math.min(before, last);
    emit('main', 'cores', undefined, { version, cores, size });
    return { value, freeCores: cores };
  };
}

// Threads spin for 100 ms at once: the CPU time the process got divided by the time
// it took is the cores the machine gave (2 on two free cores, 1.3 beside one busy loop).
const spinner = `const { parentPort } = require('node:worker_threads');
parentPort.once('message', (ms) => {
  const end = performance.now() + ms; let x = 0;
  while (performance.now() < end) for (let i = 0; i < 1e4; i++) x = (x + Math.imul(i, i)) | 0;
  parentPort.postMessage(x);
});
parentPort.postMessage('ready');`;

export async function freeCores(threads: number, ms = 100): Promise<number> {
  const count = Math.max(1, Math.min(threads, availableParallelism()));
  const start = () => new Worker(spinner, { eval: true, execArgv: [] });
  const spinners = Array.from({ length: count }, start);
  const all = () => Promise.all(spinners.map((spinner) => once(spinner, 'message')));
  try {
    await all();
    const [cpu, began] = [process.cpuUsage(), performance.now()];
    for (const spinner of spinners) spinner.postMessage(ms);
    await all();
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000 / (performance.now() - began);
  } finally {
    await Promise.all(spinners.map((spinner) => spinner.terminate()));
  }
}

/** A version's speed-up with the cores free, or why this run could not show it. */
export function speedUpLine(
  speedUp: number,
  row: Omit<Row, 'label' | 'ms' | 'results' | 'expected'>,
  baselineCores: number,
) {
  const free = `${row.freeCores.toFixed(1)} cores`;
  const needed = row.threads === 1 ? ONE_CORE : ENOUGH_CORES;
  const reason =
    baselineCores < ONE_CORE
      ? `only ${baselineCores.toFixed(1)} cores were free beside the sequential run`
      : row.freeCores < needed
        ? `only ${free} were free during the run`
        : undefined;
  if (reason !== undefined) return { text: `not shown: ${reason}`, shown: false, reason };
  const on = row.threads === 1 ? 'one thread; ' : '';
  return {
    text: `${speedUp.toFixed(2)}x sequential (${on}${free} free${row.note ?? ''})`,
    shown: true,
  };
}

/** The table: each version against the sequential row above it. Throws on a wrong sum. */
export function printTable(rows: Row[]): void {
  let base = rows[0]!;
  const lines = rows.map((row) => {
    if (row.label.endsWith('sequential')) base = row;
    const text =
      row === base
        ? `the baseline (${row.freeCores.toFixed(1)} cores free)`
        : speedUpLine(base.ms / row.ms, row, base.freeCores).text;
    return `${row.label.padEnd(22)} ${(row.ms / 1000).toFixed(3).padStart(7)} s  ${text}`;
  });
  emit('main', 'table', [`${'version'.padEnd(22)}      time  speed-up`, ...lines].join('\n'));
  const right = (row: Row) => row.results.join() === row.expected.join();
  const wrong = rows.filter((row) => !right(row)).map((row) => row.label);
  if (wrong.length > 0) throw new Error(`${wrong.join(', ')} gave wrong sums`);
  emit('main', 'sums', 'Every sum matches the closed form n(n-1)(2n-1)/6, modulo 2^32.');
}
