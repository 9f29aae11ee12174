// Start-up cost: from asking for a worker (or process) to its first message, one at
// a time. The TypeScript worker starts from workerEntry's bundle: its first start
// bundles the entry with esbuild, which is reported on its own, and every later start
// runs the cached .mjs file. The TypeScript child starts from runnableChild's bundle.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { nowMs, runnableChild, workerEntry } from '@concurrency/trace';
import { halfway, secondsLeft } from '../budget.ts';
import type { Figure } from '../figure.ts';
import { runPython } from '../python.ts';
import { alternate, ratios, summarize } from '../stats.ts';

const tsEntry = new URL('./ts-worker.ts', import.meta.url);
const jsEntry = new URL('./js-worker.mjs', import.meta.url);
const childEntry = fileURLToPath(new URL('./child.mjs', import.meta.url));
const tsChildEntry = new URL('./ts-child.ts', import.meta.url);

async function timeWorker(start: () => Worker): Promise<number> {
  const begin = nowMs();
  const worker = start();
  const exited = once(worker, 'exit');
  await once(worker, 'message');
  const took = nowMs() - begin;
  await exited;
  return took;
}

const sides = {
  ts: () => timeWorker(() => new Worker(workerEntry(tsEntry), { execArgv: [] })),
  // execArgv: [] because a worker or child otherwise inherits the parent's flags, and
  // the bench runs under `--import tsx`: the "plain" side would boot tsx every time.
  js: () => timeWorker(() => new Worker(jsEntry, { execArgv: [] })),
  child: () => timeChild(() => fork(childEntry, [], { execArgv: [] })),
  tsChild: () =>
    timeChild(() => fork(fileURLToPath(runnableChild(tsChildEntry).url), [], { execArgv: [] })),
};

async function timeChild(start: () => ChildProcess): Promise<number> {
  const begin = nowMs();
  const child = start();
  const exited = once(child, 'exit');
  await once(child, 'message');
  const took = nowMs() - begin;
  await exited;
  return took;
}

export async function measureStartup(rounds: number, deadline: number): Promise<Figure> {
  const first = await sides.ts();
  const samples = await alternate(sides, { rounds, deadline: halfway(deadline) });
  const tsOverJs = summarize(ratios(samples.ts, samples.js));
  const series = [
    {
      label: 'TS worker, first (bundles)',
      unit: 'ms',
      summary: summarize([first]),
    },
    { label: 'TS worker (workerEntry)', unit: 'ms', summary: summarize(samples.ts) },
    { label: 'JS worker', unit: 'ms', summary: summarize(samples.js) },
    { label: 'child process (fork)', unit: 'ms', summary: summarize(samples.child) },
    { label: 'TS child (runnableChild)', unit: 'ms', summary: summarize(samples.tsChild) },
  ];
  let pythonNote = '';
  try {
    const py = (await runPython('startup.py', [rounds, secondsLeft(deadline)])) as Record<
      string,
      number[] | string
    >;
    series.push(
      { label: 'Python Thread', unit: 'ms', summary: summarize(py.thread as number[]) },
      {
        label: `Python Process (${py.method})`,
        unit: 'ms',
        summary: summarize(py.process as number[]),
      },
    );
  } catch (error) {
    pythonNote = ` Python not measured: ${(error as Error).message}.`;
  }
  const met = tsOverJs.median <= 1.5;
  return {
    title: 'Start-up cost',
    series,
    ratios: [{ label: 'TS worker / JS worker', unit: '×', summary: tsOverJs }],
    target: 'TS worker within 1.5× a plain JS worker',
    verdict: met ? 'met' : 'missed',
    note:
      `A TypeScript worker took ${tsOverJs.median.toFixed(2)}× a plain JS one ` +
      `(${met ? 'within' : 'over'} 1.5×); the first start, which bundles, took ` +
      `${first.toFixed(0)} ms.${pythonNote}`,
  };
}
