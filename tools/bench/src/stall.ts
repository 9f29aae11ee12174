// Event-loop stall: the longest the event loop waits while a CPU job of fixed work
// runs, inline on the main thread or offloaded to a pre-started worker. Node's own
// monitorEventLoopDelay samples the loop every millisecond; its max is the longest
// delay it saw, so inline it is the whole job.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { burnCpu } from '@concurrency/trace';
import { coresNote, judged } from './budget.ts';
import { unitsFor } from './calibrate.ts';
import type { Figure } from './figure.ts';
import { WorkerPool } from './pool/pool.ts';
import { alternate, summarize } from './stats.ts';

const poolEntry = new URL('./pool/burn-worker.ts', import.meta.url);

async function longestDelay(job: () => Promise<unknown>): Promise<number> {
  const monitor = monitorEventLoopDelay({ resolution: 1 });
  monitor.enable();
  await delay(20);
  await job();
  await delay(20);
  monitor.disable();
  return monitor.max / 1e6;
}

export async function measureStall(
  jobMs: number,
  rounds: number,
  deadline: number,
  cores: number,
): Promise<Figure> {
  const units = unitsFor(jobMs);
  const pool = new WorkerPool<number, number>(poolEntry, { threads: 1, inFlight: 1 });
  let samples: Record<'inline' | 'offloaded', number[]>;
  try {
    await pool.ready();
    samples = await alternate(
      {
        inline: () => longestDelay(async () => burnCpu(units)),
        offloaded: () => longestDelay(() => pool.run(units)),
      },
      // A 1 s job needs no warm-up round, and on a loaded machine each round is long.
      { rounds, deadline, minRounds: 2, warmup: 0 },
    );
  } finally {
    await pool.close();
  }
  const offloaded = summarize(samples.offloaded);
  const inline = summarize(samples.inline);
  const met = offloaded.median <= 5;
  return {
    title: `Event-loop stall during a ${jobMs} ms CPU job`,
    series: [
      { label: 'inline', unit: 'ms', summary: inline },
      { label: 'offloaded to a worker', unit: 'ms', summary: offloaded },
    ],
    ratios: [],
    target: 'at most 5 ms offloaded; inline stalls for the whole job',
    verdict: judged(met, cores),
    note:
      `Inline the loop stalled ${inline.median.toFixed(0)} ms (the whole job); offloaded, ` +
      `${offloaded.median.toFixed(1)} ms at worst (median of rounds).${coresNote(cores)}`,
  };
}
