// gather overhead: the time to start 100,000 trivial async tasks and collect their
// results, Promise.all in Node against asyncio.gather in Python. Each Python round is
// its own python3 run (the interpreter's start is not timed), so the two sides still
// alternate round by round.
import { nowMs } from '@concurrency/trace';
import type { Figure } from './figure.ts';
import { runPython } from './python.ts';
import { alternate, ratios, summarize } from './stats.ts';

// The task does nothing, so what is timed is the machinery: creating, scheduling and
// collecting 100,000 promises (in Python, 100,000 coroutines wrapped in Tasks).
async function task(i: number): Promise<number> {
  return i;
}

async function promiseAll(size: number): Promise<number> {
  const begin = nowMs();
  const results = await Promise.all(Array.from({ length: size }, (_, i) => task(i)));
  if (results.length !== size) throw new Error('Promise.all lost results');
  return nowMs() - begin;
}

export async function measureGather(
  size: number,
  rounds: number,
  deadline: number,
): Promise<Figure> {
  const title = `gather overhead, ${size.toLocaleString('en')} tasks`;
  const samples = await alternate(
    {
      node: () => promiseAll(size),
      python: async () => ((await runPython('gather.py', [size])) as { ms: number }).ms,
    },
    { rounds, deadline },
  );
  const pythonOverNode = summarize(ratios(samples.python, samples.node));
  return {
    title,
    series: [
      { label: 'Promise.all (Node)', unit: 'ms', summary: summarize(samples.node) },
      { label: 'asyncio.gather (Python)', unit: 'ms', summary: summarize(samples.python) },
    ],
    ratios: [{ label: 'asyncio.gather / Promise.all', unit: '×', summary: pythonOverNode }],
    target: 'honest figures',
    verdict: 'measured',
    note: `asyncio.gather took ${pythonOverNode.median.toFixed(1)}× as long as Promise.all.`,
  };
}
