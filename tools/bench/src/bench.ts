// Every figure in a fixed order, each a median over several rounds with the sides
// alternating, then the results as Markdown, SVG and JSON. A figure that fails or
// overruns is reported as not measured; the others still are. main.ts loads this
// module only once the flags are parsed: `--help` does not load piscina or BullMQ.
import { fileURLToPath } from 'node:url';
import { emit, nowMs } from '@concurrency/trace';
import { unitsPerMs } from './calibrate.ts';
import { measureCapacity } from './capacity/capacity.ts';
import { measureCopyMove } from './copymove/copy-move.ts';
import { type Figure, notMeasured } from './figure.ts';
import { measureGather } from './gather.ts';
import { measureHandoff } from './handoff/handoff.ts';
import { measureIo } from './io/io.ts';
import { measureQueue } from './queue/queue.ts';
import { withUnit } from './report/format.ts';
import { describeMachine } from './report/machine.ts';
import { updateReadme, writeResults } from './report/write.ts';
import { settingsFor } from './settings.ts';
import { measureSpeedup } from './speedup/speedup.ts';
import { measureStall } from './stall.ts';
import { measureStartup } from './startup/startup.ts';
import { measureBatched } from './throughput/batched.ts';
import { throughputFigure } from './throughput/throughput.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

function show(figure: Figure): void {
  emit('bench', 'figure', `## ${figure.title}: ${figure.verdict}`);
  for (const row of [...figure.series, ...figure.ratios]) {
    const { median, min, max, runs } = row.summary;
    emit(
      'bench',
      'row',
      `  ${row.label}: ${withUnit(median, row.unit)} (min ${withUnit(min, row.unit)}, ` +
        `max ${withUnit(max, row.unit)}, ${runs} runs)`,
    );
  }
  emit('bench', 'note', `  ${figure.note}`);
}

/**
 * Run one figure by its deadline. The alternations stop early at `deadline` on a
 * loaded machine; if the figure still runs far past it (a hang), it is reported as
 * not measured at `limit`, and the other figures still run.
 */
async function measure(
  [title, target, run]: Step,
  deadline: number,
  limit: number,
): Promise<Figure> {
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_, reject) => {
    const ms = limit - nowMs();
    timer = setTimeout(() => reject(new Error(`took over ${(ms / 1000).toFixed(0)} s`)), ms);
  });
  try {
    const figure = await Promise.race([run(deadline), overrun]);
    show(figure);
    return figure;
  } catch (error) {
    const figure = notMeasured(title, target, error);
    show(figure);
    return figure;
  } finally {
    clearTimeout(timer);
  }
}

/** A figure's title and target (for when it cannot be measured) and how to measure it. */
type Step = [string, string, (deadline: number) => Promise<Figure>];

/** The flags of `pnpm bench`, as main.ts parsed them (see cli.ts). */
export interface BenchFlags {
  quick?: boolean;
  out?: string;
  only?: string;
  'task-queue'?: boolean;
}

/** Run the figures the flags ask for; with no `--only`, write the results files. */
export async function bench(flags: BenchFlags): Promise<void> {
  const quick = flags.quick ?? false;
  const s = settingsFor(quick);
  const queueJobs = quick ? 300 : 2000;
  const queueStep: Step = [
    'Task queue throughput',
    'honest figures',
    (deadline) => measureQueue(queueJobs, Math.min(s.rounds, 5), deadline),
  ];
  if (flags['task-queue']) {
    await measure(queueStep, nowMs() + 60_000, nowMs() + 120_000);
    process.exit(process.exitCode ?? 0);
  }
  const wanted = flags.only?.split(',').filter(Boolean);
  const began = nowMs();
  const machine = describeMachine();
  emit('bench', 'machine', `${machine.cpu}, ${machine.cpus} CPUs listed, Node ${machine.node}`);

  // The whole run must end within 5 minutes: the time left is shared out among the
  // figures still to come, and a figure that hangs gives up before eating theirs.
  const end = began + (quick ? 150_000 : 250_000);
  const schedule = async (step: Step, stepsLeft: number) => {
    const now = nowMs();
    const left = end - now;
    const deadline = now + left / stepsLeft;
    const limit = Math.max(deadline, end - 8_000 * (stepsLeft - 1));
    return measure(step, deadline, limit);
  };

  const totalSteps = 12;
  const capacity = await schedule(
    ['CPU given', 'about 2 cores', (deadline) => measureCapacity(s.capacityMs, s.rounds, deadline)],
    totalSteps,
  );
  const cores = capacity.ratios[0]?.summary.median ?? Number.NaN;
  emit('bench', 'calibrate', `burnCpu: ${Math.round(unitsPerMs())} units per ms on one core`);

  const allSteps: Step[] = [
    [
      'Start-up cost',
      'TS worker within 1.5× a plain JS worker',
      (deadline) => measureStartup(s.startupRounds, deadline),
    ],
    [
      'CPU-bound speed-up',
      'at least 1.9× with 2 cores',
      (deadline) => measureSpeedup(s.speedupMs, s.rounds, cores, deadline),
    ],
    [
      'Pool throughput, 10 µs tasks',
      "at least piscina's, above inline",
      (deadline) => throughputFigure(10, s.tasksOf10us, s.rounds, deadline, cores),
    ],
    [
      'Pool throughput, 10 µs tasks, batched alike',
      'honest figures',
      (deadline) => measureBatched(s.tasksOf10us, s.rounds, deadline),
    ],
    [
      'Pool throughput, 1 ms tasks',
      'at least 1.8× inline',
      (deadline) => throughputFigure(1000, s.tasksOf1ms, s.rounds, deadline, cores),
    ],
    [
      'Event-loop stall',
      'at most 5 ms offloaded',
      (deadline) => measureStall(s.stallJobMs, s.stallRounds, deadline, cores),
    ],
    [
      'Cross-thread hand-off',
      'honest figures',
      (deadline) => measureHandoff(s.pingPongs, s.increments, s.rounds, deadline),
    ],
    [
      'Copy vs move across threads',
      'honest figures',
      // A few seconds at most: the copies take milliseconds a send, the moves far less.
      (deadline) =>
        measureCopyMove(
          s.copyMoveMB,
          s.copyMoveSends,
          s.rounds,
          Math.min(deadline, nowMs() + 5_000),
        ),
    ],
    [
      'gather overhead',
      'honest figures',
      (deadline) => measureGather(s.gatherSize, Math.min(s.rounds, 5), deadline),
    ],
    queueStep,
    [
      'I/O-bound throughput',
      'honest figures',
      (deadline) =>
        measureIo(
          {
            requests: s.ioRequests,
            connections: s.ioConnections,
            latencyMs: s.ioLatencyMs,
            rounds: Math.min(s.rounds, 5),
          },
          deadline,
        ),
    ],
  ];
  const steps = allSteps.filter(
    ([title]) => !wanted || wanted.some((word) => title.includes(word)),
  );
  const figures = [capacity];
  for (const [i, step] of steps.entries()) {
    figures.push(await schedule(step, steps.length - i));
  }

  if (wanted && flags.out === undefined) {
    emit('bench', 'done', `--only ${flags.only}: results files left alone`);
    process.exit(process.exitCode ?? 0);
  }
  const out = flags.out ?? here(quick ? '../results/quick' : '../results');
  const table = writeResults(out, figures, machine, cores.toFixed(2), quick);
  if (!quick && flags.out === undefined) updateReadme(here('../README.md'), table);
  emit(
    'bench',
    'done',
    `Wrote ${out}/RESULTS.md and bench.svg in ${((nowMs() - began) / 1000).toFixed(0)} s`,
  );
  // A figure that overran may have left a worker or child behind: end them all now.
  process.exit(process.exitCode ?? 0);
}
