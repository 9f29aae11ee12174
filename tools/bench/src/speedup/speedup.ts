// CPU-bound speed-up: one job of fixed work done inline, then split in two halves
// over two pre-started workers, then over two pre-started processes. Nothing is
// started inside the timing: start-up has its own figure.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { burnCpu, nowMs, runnableChild } from '@concurrency/trace';
import { coresNote, halfway, judged, secondsLeft } from '../budget.ts';
import { unitsFor } from '../calibrate.ts';
import type { Figure, Series } from '../figure.ts';
import { WorkerPool } from '../pool/pool.ts';
import { runPython } from '../python.ts';
import { alternate, ratios, summarize } from '../stats.ts';

const poolEntry = new URL('../pool/burn-worker.ts', import.meta.url);
const childEntry = new URL('./burn-child.ts', import.meta.url);

async function startChild(): Promise<ChildProcess> {
  const child = fork(fileURLToPath(runnableChild(childEntry).url), [], { execArgv: [] });
  await once(child, 'message');
  return child;
}

async function inChild(child: ChildProcess, units: number): Promise<void> {
  const answered = once(child, 'message');
  child.send(units);
  await answered;
}

export async function measureSpeedup(
  jobMs: number,
  rounds: number,
  cores: number,
  deadline: number,
): Promise<Figure> {
  const units = unitsFor(jobMs);
  const half = Math.round(units / 2);
  const pool = new WorkerPool<number, number>(poolEntry, { threads: 2, inFlight: 1 });
  const children = await Promise.all([startChild(), startChild()]);
  await pool.ready();
  const timed = async (job: () => unknown) => {
    const begin = nowMs();
    await job();
    return nowMs() - begin;
  };
  let samples: Record<'inline' | 'workers' | 'processes', number[]>;
  try {
    samples = await alternate(
      {
        inline: () => timed(() => burnCpu(units)),
        workers: () => timed(() => pool.map([half, half])),
        processes: () => timed(() => Promise.all(children.map((c) => inChild(c, half)))),
      },
      { rounds, deadline: halfway(deadline) },
    );
  } finally {
    await pool.close();
    for (const child of children) child.kill();
  }
  const byWorkers = summarize(ratios(samples.inline, samples.workers));
  const byProcesses = summarize(ratios(samples.inline, samples.processes));
  const series: Series[] = [
    { label: 'Node inline', unit: 'ms', summary: summarize(samples.inline) },
    { label: 'Node 2 workers', unit: 'ms', summary: summarize(samples.workers) },
    { label: 'Node 2 processes', unit: 'ms', summary: summarize(samples.processes) },
  ];
  const speedups: Series[] = [
    { label: 'Node 2 workers', unit: '×', summary: byWorkers },
    { label: 'Node 2 processes', unit: '×', summary: byProcesses },
  ];
  let pythonNote = '';
  try {
    const py = (await runPython('cpu.py', [rounds, jobMs, secondsLeft(deadline)])) as Record<
      string,
      number[]
    >;
    series.push(
      { label: 'Python sequential', unit: 'ms', summary: summarize(py.sequential!) },
      { label: 'Python 2 threads', unit: 'ms', summary: summarize(py.threads!) },
      { label: 'Python Pool(2)', unit: 'ms', summary: summarize(py.pool!) },
    );
    speedups.push(
      {
        label: 'Python 2 threads',
        unit: '×',
        summary: summarize(ratios(py.sequential!, py.threads!)),
      },
      { label: 'Python Pool(2)', unit: '×', summary: summarize(ratios(py.sequential!, py.pool!)) },
    );
  } catch (error) {
    pythonNote = ` Python not measured: ${(error as Error).message}.`;
  }
  const best = Math.max(byWorkers.median, byProcesses.median);
  const met = best >= 1.9;
  return {
    title: 'CPU-bound speed-up',
    series,
    ratios: speedups,
    target: 'at least 1.9× with a pre-started pool, when the probe shows 2 cores',
    chartRatios: true,
    chartMark: { value: 1.9, label: 'target 1.9×' },
    verdict: judged(met, cores),
    note:
      `2 workers ran ${byWorkers.median.toFixed(2)}× and 2 processes ` +
      `${byProcesses.median.toFixed(2)}× inline.${coresNote(cores)}${pythonNote}`,
  };
}
