// Pool throughput: many small tasks of fixed CPU work, all submitted at once, the
// time until the last result. The same tasks run inline, through the project's own
// pool (batched, several batches in flight per worker), through piscina and through
// tinypool, each with 2 threads started and warmed before the clock starts.
import { burnCpu, nowMs, runnable } from '@concurrency/trace';
import { Piscina } from 'piscina';
import { Tinypool } from 'tinypool';
import { coresNote, judged } from '../budget.ts';
import { unitsFor } from '../calibrate.ts';
import type { Figure } from '../figure.ts';
import { WorkerPool } from '../pool/pool.ts';
import { alternate, ratios, summarize } from '../stats.ts';

const ownEntry = new URL('../pool/burn-worker.ts', import.meta.url);
// piscina and tinypool load a file themselves: on Node 20 it must be JavaScript, so
// they get the same bundled .mjs that workerEntry hands a Worker.
const libraryTask = runnable(new URL('./task.ts', import.meta.url)).url.href;

type Run = (units: number) => Promise<unknown> | unknown;

async function tasksPerSecond(tasks: number, units: number, run: Run): Promise<number> {
  const begin = nowMs();
  await Promise.all(Array.from({ length: tasks }, () => run(units)));
  return tasks / ((nowMs() - begin) / 1000);
}

export async function measureThroughput(
  taskUs: number,
  tasks: number,
  rounds: number,
  deadline: number,
) {
  const units = unitsFor(taskUs / 1000);
  // Batches pay off when a message costs more than a task: 10 µs tasks go 32 to a
  // message. A 1 ms task dwarfs its message, and a batch of them would only spread
  // the load unevenly; there, one task a message and two in flight keep both busy.
  const tiny = taskUs < 100;
  const own = new WorkerPool<number, number>(ownEntry, {
    threads: 2,
    inFlight: tiny ? 4 : 2,
    batchSize: tiny ? 32 : 1,
  });
  const piscina = new Piscina({ filename: libraryTask, minThreads: 2, maxThreads: 2 });
  const tinypool = new Tinypool({ filename: libraryTask, minThreads: 2, maxThreads: 2 });
  let samples: Record<'inline' | 'own' | 'piscina' | 'tinypool', number[]>;
  try {
    await own.ready();
    // alternate's warm-up round starts piscina's and tinypool's threads and JITs all four.
    samples = await alternate(
      {
        inline: () => tasksPerSecond(tasks, units, burnCpu),
        own: () => tasksPerSecond(tasks, units, (u) => own.run(u)),
        piscina: () => tasksPerSecond(tasks, units, (u) => piscina.run(u)),
        tinypool: () => tasksPerSecond(tasks, units, (u) => tinypool.run(u)),
      },
      { rounds, deadline },
    );
  } finally {
    await Promise.all([own.close(), piscina.destroy(), tinypool.destroy()]);
  }
  return samples;
}

/** Why a pool of threads can beat inline even on 10 µs tasks, drawn under the chart's title. */
export const TINY_WHY =
  'The own pool beats inline: two threads use two cores, and 32 tasks to a message keep messaging cheaper than the work.';

const label = (us: number) => (us >= 1000 ? `${us / 1000} ms` : `${us} µs`);

export async function throughputFigure(
  taskUs: number,
  tasks: number,
  rounds: number,
  deadline: number,
  cores: number,
): Promise<Figure> {
  const s = await measureThroughput(taskUs, tasks, rounds, deadline);
  const ownOverInline = summarize(ratios(s.own, s.inline));
  const ownOverPiscina = summarize(ratios(s.own, s.piscina));
  const series = (['inline', 'own', 'piscina', 'tinypool'] as const).map((name) => ({
    label: name === 'own' ? 'own pool' : name,
    unit: 'tasks/s',
    summary: summarize(s[name]),
  }));
  const tiny = taskUs < 100;
  const met = tiny
    ? ownOverPiscina.median >= 1 && ownOverInline.median > 1
    : ownOverInline.median >= 1.8;
  const x = (n: number) => `${n.toFixed(2)}×`;
  return {
    title: `Pool throughput, ${label(taskUs)} tasks`,
    series,
    ratios: [
      { label: 'own pool / inline', unit: '×', summary: ownOverInline },
      { label: 'own pool / piscina', unit: '×', summary: ownOverPiscina },
      { label: 'piscina / inline', unit: '×', summary: summarize(ratios(s.piscina, s.inline)) },
      { label: 'tinypool / inline', unit: '×', summary: summarize(ratios(s.tinypool, s.inline)) },
    ],
    target: tiny ? "at least piscina's figure, and above inline" : 'at least 1.8× inline',
    chartWhy: tiny ? TINY_WHY : undefined,
    verdict: judged(met, cores),
    note: `The own pool did ${x(ownOverInline.median)} inline and ${x(ownOverPiscina.median)} piscina.${coresNote(cores)}`,
  };
}
