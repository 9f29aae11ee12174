import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emit, StartLine, scaled, workerEntry } from '@concurrency/trace';
import { AsyncBarrier } from './async-barrier.ts';
import { isBrokenBarrier } from './broken.ts';
import { type Plan, playRounds } from './party.ts';
import { SharedBarrier } from './shared-barrier.ts';

import type { WorkerData } from './worker.ts';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  parties: 4,
  rounds: 3,
  /** Arrivals in a round are this far apart: the k-th to arrive works k steps. */
  stepMs: 500,
  /** How much later than planned a stalled party arrives in the last round. */
  stallMs: 5000,
  /** Below this scale, a step (50 ms) is no longer large beside a busy machine's delays. */
  minScale: 0.1,
} as const;

export interface RoundsOptions {
  parties: number;
  rounds: number;
  useBarrier: boolean;
  /** This party dies before it arrives in the last round. */
  failing?: number;
  /** This party arrives nominal.stallMs late in the last round. */
  stalling?: number;
  /** Nominal milliseconds a wait may last before it breaks the barrier (none: forever). */
  timeoutMs?: number;
}

/**
 * How long `party` works before arriving in `round`: 1 to `parties` steps. The order
 * rotates, so a different party is the last to arrive in each round, and every round
 * has to wait for whoever it is.
 */
export function workMs(party: number, round: number, parties: number): number {
  return nominal.stepMs * (((party + round - 1) % parties) + 1);
}

function planFor(kind: 'worker' | 'task', party: number, options: RoundsOptions): Plan {
  const { rounds, parties, useBarrier, failing, stalling, timeoutMs } = options;
  const work = Array.from({ length: rounds }, (_, i) => workMs(party, i + 1, parties));
  if (party === stalling) work[rounds - 1]! += nominal.stallMs;
  return {
    name: `${kind} ${party}`,
    workMs: work,
    useBarrier,
    ...(party === failing ? { dieInRound: rounds } : {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs: scaled(timeoutMs) }),
  };
}

const workerFile = new URL('./worker.ts', import.meta.url);

/** threading.Barrier: worker threads meet at a barrier in shared memory, round after round. */
export async function runThreads(options: RoundsOptions): Promise<void> {
  // threading.Barrier(parties): three words of shared memory, handed to every thread.
  const barrier = SharedBarrier.create(options.parties);
  const line = StartLine.create();
  const ends: Promise<void>[] = [];
  for (let party = 0; party < options.parties; party++) {
    const workerData: WorkerData = {
      plan: planFor('worker', party, options),
      barrier: barrier.buffer,
      startLine: line.buffer,
    };
    // threading.Thread(target=party).start(): constructing a Worker starts it. The
    // SharedArrayBuffer in workerData is shared, not copied: one barrier for all.
    // workerEntry hands Node a bundle of the .ts file that a bare worker can run.
    const worker = new Worker(workerEntry(workerFile), { workerData });
    ends.push(joined(worker, `worker ${party}`));
  }
  await releaseTogether(line, options.parties, ends);
  await settle(ends, barrier, 'worker', options);
}

// thread.join(): wait for the worker's 'exit', listened to the moment it starts ('exit'
// fires once; `once` after it fired never settles). `once` rejects with the worker's
// own error if it threw, and a non-zero code is a failure too.
async function joined(worker: Worker, name: string): Promise<void> {
  const [code] = await once(worker, 'exit');
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
}

// Proof machinery, not the lesson: worker threads boot tens of milliseconds apart, so
// each waits at a start line and main fires once all are there; the first round then
// measures the work, not the boot. A worker that dies before it arrives must not
// leave main waiting: the arrivals race the joins, and settle() reports the death.
async function releaseTogether(line: StartLine, count: number, ends: Promise<void>[]) {
  await Promise.race([line.allArrived(count), Promise.all(ends)]).catch(() => {});
  line.fire();
}

/** asyncio.Barrier: async tasks on one event loop meet at a barrier of promises. */
export async function runTasks(options: RoundsOptions): Promise<void> {
  const barrier = new AsyncBarrier(options.parties);
  const tasks = Array.from({ length: options.parties }, (_, party) =>
    playRounds(planFor('task', party, options), (timeoutMs) => barrier.wait({ timeoutMs })),
  );
  await settle(tasks, barrier, 'task', options);
}

/**
 * Wait for every party. A party that dies is not at the barrier and never will be:
 * main breaks the barrier at once, so the others get BrokenBarrierError instead of
 * waiting for ever. (Python leaves this to you: a thread that raises does not break
 * a threading.Barrier, and the others hang unless they passed a timeout.)
 */
async function settle(
  parties: Promise<void>[],
  barrier: { abort(): void },
  kind: 'worker' | 'task',
  { rounds }: RoundsOptions,
): Promise<void> {
  const outcomes = await Promise.allSettled(
    parties.map((party, index) =>
      party.catch((error: unknown) => {
        if (!isBrokenBarrier(error)) {
          emit('main', 'abort', `Main: ${kind} ${index} died, so main breaks the barrier`);
          barrier.abort();
        }
        throw error;
      }),
    ),
  );
  const errors = outcomes.flatMap((outcome) =>
    outcome.status === 'rejected' ? [outcome.reason as Error] : [],
  );
  if (errors.length === 0) {
    const what = `${rounds} round${rounds === 1 ? '' : 's'}`;
    emit('main', 'finish', `Main: all ${parties.length} ${kind}s passed ${what}`);
    return;
  }
  throw new Error(whatBroke(errors, kind));
}

/** One line for the whole failure: the cause first, then how many it took down. */
function whatBroke(errors: Error[], kind: string): string {
  const cause =
    errors.find((error) => !isBrokenBarrier(error)) ??
    errors.find((error) => error.message.includes('timed out')) ??
    errors[0]!;
  const others = errors.filter((error) => error !== cause && isBrokenBarrier(error)).length;
  if (others === 0) return cause.message;
  const them = `${others} other ${kind}${others === 1 ? '' : 's'}`;
  return `${cause.message}; the barrier broke, and ${them} got BrokenBarrierError`;
}
