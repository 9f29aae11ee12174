// Around the lesson, not in it: each version timed, the cores this machine had free
// beside each pool measured, and the table that compares the versions, each line
// saying what the machine gave or, where it could not show a speed-up, why not.
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { emit, nowMs } from '@concurrency/trace';

/** One version as it ran: its time and results, on how many threads, and the cores free. */
export interface Timed {
  label: string;
  ms: number;
  results: number[];
  /** The expected sums, from the closed form, for this version's numbers. */
  expected: number[];
  /** 1 for a version on one thread, else the pool's size. */
  threads: number;
  freeCores: number;
  note?: string;
}

/** A version on one thread needs about a core; a pool of two or more, this many. */
export const ONE_CORE = 0.9;
export const ENOUGH_CORES = 1.5;

/** The sum of i*i for i below n, modulo 2^32, from the closed form n(n-1)(2n-1)/6. */
export function sumOfSquaresExact(n: number): number {
  const big = BigInt(n);
  return Number(((big * (big - 1n) * (2n * big - 1n)) / 6n) % 2n ** 32n);
}

/**
 * Time one version from now to its last result (a pool is ready before this is
 * called). Start and `Duration` line are traced on main, so the figure a test reads
 * from the trace is the figure printed.
 */
export async function timed(version: string, run: () => Promise<number[]>) {
  const began = emit('main', 'start', undefined, { version }).t;
  const results = await run();
  const finishedAt = nowMs();
  const ms = finishedAt - began;
  emit('main', 'finish', `Duration ${(ms / 1000).toFixed(3)} seconds`, {
    version,
    ms,
    t: finishedAt,
  });
  return { ms, results };
}

/**
 * Each version run between two measurements of the cores free (the fewer counts):
 * the machine is shared, and what it gives changes from one moment to the next.
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

// Busy threads that spin for a moment at the same time: the CPU time the process got
// divided by the time it took is the cores this machine gave (2 on two free cores,
// about 1 beside another busy process; 1.3 beside one other busy loop).
const spinner = `const { parentPort } = require('node:worker_threads');
parentPort.once('message', (ms) => {
  const end = performance.now() + ms; let x = 0;
  while (performance.now() < end) for (let i = 0; i < 1e4; i++) x = (x + Math.imul(i, i)) | 0;
  parentPort.postMessage(x);
});
parentPort.postMessage('ready');`;

export async function freeCores(threads: number, ms = 100): Promise<number> {
  const count = Math.max(1, Math.min(threads, availableParallelism()));
  const spinners = Array.from(
    { length: count },
    () => new Worker(spinner, { eval: true, execArgv: [] }),
  );
  try {
    await Promise.all(spinners.map((spinner) => once(spinner, 'message')));
    const cpu = process.cpuUsage();
    const began = performance.now();
    for (const spinner of spinners) spinner.postMessage(ms);
    await Promise.all(spinners.map((spinner) => once(spinner, 'message')));
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000 / (performance.now() - began);
  } finally {
    await Promise.all(spinners.map((spinner) => spinner.terminate()));
  }
}

/**
 * A version's speed-up over the sequential run and the cores the machine had free,
 * or, where this run could not show it, why not instead of a misleading figure.
 */
export function speedUpLine(
  speedUp: number,
  row: Pick<Timed, 'threads' | 'freeCores' | 'note'>,
  baselineCores: number,
) {
  const cores = (free: number) => `${free.toFixed(1)} cores`;
  let reason: string | undefined;
  if (baselineCores < ONE_CORE)
    reason = `only ${cores(baselineCores)} were free beside the sequential run`;
  else if (row.threads === 1 && row.freeCores < ONE_CORE)
    reason = `only ${cores(row.freeCores)} were free during the run`;
  else if (row.threads > 1 && row.freeCores < ENOUGH_CORES)
    reason = `only ${cores(row.freeCores)} were free during the run`;
  if (reason !== undefined) return { text: `not shown: ${reason}`, shown: false, reason };
  const on = row.threads === 1 ? 'one thread; ' : '';
  return {
    text: `${speedUp.toFixed(2)}x sequential (${on}${cores(row.freeCores)} free${row.note ?? ''})`,
    shown: true,
  };
}

/**
 * The one table: each version's time and its speed-up over the sequential row above
 * it (Node's, then Python's). Throws if any sum is wrong.
 */
export function printTable(rows: Timed[]): void {
  let baseline = rows[0]!;
  const lines = rows.map((row) => {
    if (row.label.endsWith('sequential')) baseline = row;
    const text =
      row === baseline
        ? baselineText(row)
        : speedUpLine(baseline.ms / row.ms, row, baseline.freeCores).text;
    return `${row.label.padEnd(22)} ${(row.ms / 1000).toFixed(3).padStart(7)} s  ${text}`;
  });
  emit(
    'main',
    'table',
    [`${'version'.padEnd(22)} ${'time'.padStart(9)}  speed-up`, ...lines].join('\n'),
  );
  const wrong = rows.filter(
    ({ results, expected }) =>
      results.length !== expected.length || results.some((value, i) => value !== expected[i]),
  );
  if (wrong.length > 0)
    throw new Error(`${wrong.map((row) => row.label).join(', ')} gave wrong sums`);
  emit('main', 'sums', 'Every sum matches the closed form n(n-1)(2n-1)/6, modulo 2^32.');
}

const baselineText = (row: Timed) => `the baseline (${row.freeCores.toFixed(1)} cores free)`;
