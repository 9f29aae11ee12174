// How much CPU the machine gives right now. One busy process runs alone, then two run
// at once. With two free cores each of the pair works as fast as the one alone, so
// 2 × (rate with two) / (rate with one) is 2.0; a loaded or throttled machine says less.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { runnableChild } from '@concurrency/trace';
import type { Figure } from '../figure.ts';
import { alternate, summarize } from '../stats.ts';

const entry = new URL('./busy-child.ts', import.meta.url);

async function startBusy(): Promise<ChildProcess> {
  const child = fork(fileURLToPath(runnableChild(entry).url), [], { execArgv: [] });
  await once(child, 'message');
  return child;
}

async function spin(children: ChildProcess[], ms: number): Promise<number[]> {
  const answers = children.map(async (child) => (await once(child, 'message'))[0] as number);
  for (const child of children) child.send(ms);
  return Promise.all(answers);
}

export async function measureCapacity(
  ms: number,
  rounds: number,
  deadline: number,
): Promise<Figure> {
  const pair = await Promise.all([startBusy(), startBusy()]);
  try {
    const samples = await alternate(
      {
        alone: async () => (await spin(pair.slice(0, 1), ms))[0]!,
        pair: async () => {
          const rates = await spin(pair, ms);
          return rates[0]! + rates[1]!;
        },
      },
      { rounds, deadline },
    );
    const cores = samples.pair.map((rate, r) => rate / samples.alone[r]!);
    const given = summarize(cores);
    return {
      title: 'CPU given',
      series: [],
      ratios: [{ label: 'effective cores (2 busy vs 1)', unit: 'cores', summary: given }],
      target: 'about 2 cores',
      chartRatios: true,
      chartMark: { value: 2, label: '2 cores' },
      verdict: 'measured',
      note: `Two busy processes together did ${given.median.toFixed(2)}× the work of one alone.`,
    };
  } finally {
    for (const child of pair) child.kill();
  }
}
