import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { emit, runnableChild, scaled } from '@concurrency/trace';
import { type Job, Queue, QueueEvents, type Redis } from './libraries.ts';
import { nominal } from './nominal.ts';

/** What a worker process is told on its command line. */
export interface WorkerConfig {
  name: string;
  url: string;
  queue: string;
  prefix: string;
  concurrency: number;
  idempotent: boolean;
}

/** What a worker tells its parent over the IPC channel `fork` opens. */
export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'started'; job: string }
  | { kind: 'finished'; job: string }
  | { kind: 'effect'; job: string }
  | { kind: 'closing' };

/** The key prefix BullMQ and the effects share; one queue per run, so runs never meet. */
export const PREFIX = 'task-queue';
export const ledgerKey = (queue: string) => `${PREFIX}:${queue}:ledger`;
export const doneKey = (queue: string, jobId: string) => `${PREFIX}:${queue}:done:${jobId}`;

const workerFile = new URL('./worker.ts', import.meta.url);

/** A worker process as the producer sees it: its name, the child, and its exit. */
export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  /** The exit code, or the signal that ended it; listened to from the start. */
  exited: Promise<number | NodeJS.Signals>;
  /** Set when the producer itself kills or stops it: then its exit is no surprise. */
  stopping: boolean;
}

/** Send a worker a signal on purpose: its exit is then expected. */
export function signalWorker(worker: WorkerProcess, signal: NodeJS.Signals): void {
  worker.stopping = true;
  worker.child.kill(signal);
}

/**
 * Rejects when a worker process ends that nobody stopped: a crash is reported, never
 * waited out. A lost Redis also ends the workers; its own report comes within
 * giveUpMs, so a worker's exit is judged only after that, to name the real cause.
 */
export function unexpectedExit(workers: readonly WorkerProcess[]): Promise<never> {
  return new Promise<never>((_, reject) => {
    for (const worker of workers) {
      worker.exited.then(async (how) => {
        if (worker.stopping) return;
        await new Promise((resolve) => setTimeout(resolve, scaled(nominal.giveUpMs) + 1000));
        reject(new Error(`${worker.name} ended (${how}) in the middle of the run`));
      });
    }
  });
}

// `rq worker` on another machine: here a process of its own, started with fork. It
// shares nothing with the producer but the Redis URL; the IPC channel fork opens
// only tells the producer what happened, so it can kill or stop the right one.
export function startWorkerProcess(config: WorkerConfig): WorkerProcess {
  const { url, execArgv } = runnableChild(workerFile);
  const child = fork(fileURLToPath(url), [JSON.stringify(config)], { execArgv });
  const exited = once(child, 'exit').then(
    ([code, signal]) => (code ?? signal) as number | NodeJS.Signals,
  );
  return { name: config.name, child, exited, stopping: false };
}

/** Every message from every worker, to one listener: (worker, message). */
export function listen(
  workers: readonly WorkerProcess[],
  listener: (worker: WorkerProcess, message: WorkerMessage) => void,
): () => void {
  const handlers = workers.map((worker) => {
    const handler = (message: WorkerMessage) => listener(worker, message);
    worker.child.on('message', handler);
    return () => worker.child.off('message', handler);
  });
  return () => {
    for (const off of handlers) off();
  };
}

// Proof machinery, not the lesson: a process takes a second or so to start on a
// busy machine, and the first one up would take every job before the others arrive.
// So the producer waits until each worker says its BullMQ Worker is connected; only
// then do the jobs go in, and the peak the trace shows is the queue's, not the boot's.
export async function allReady(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const onMessage = (message: WorkerMessage) => {
            if (message.kind === 'ready') {
              worker.child.off('message', onMessage);
              resolve();
            }
          };
          worker.child.on('message', onMessage);
          worker.exited.then((how) =>
            reject(new Error(`${worker.name} ended (${how}) before it was ready`)),
          );
        }),
    ),
  );
}

/** The producer's side: a BullMQ Queue to add jobs, and QueueEvents to hear them end. */
export interface Producer {
  queue: Queue;
  events: QueueEvents;
  name: string;
  connection: Redis;
}

export async function openProducer(connection: Redis, name: string): Promise<Producer> {
  // Queue.add writes a job into Redis; QueueEvents reads the queue's event stream
  // (completed, failed...) on a connection of its own, which BullMQ duplicates.
  const queue = new Queue(name, { connection, prefix: PREFIX });
  const events = new QueueEvents(name, { connection, prefix: PREFIX });
  queue.on('error', () => {});
  // Each job awaited with waitUntilFinished listens on both until it ends: many at once.
  queue.setMaxListeners(0);
  events.setMaxListeners(0);
  events.on('error', () => {});
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  return { queue, events, name, connection };
}

/** Part 1: more jobs than workers x concurrency; each runs once, its result comes back. */
export async function squares(producer: Producer, count: number): Promise<number[]> {
  const jobs = await producer.queue.addBulk(
    Array.from({ length: count }, (_, i) => ({
      name: 'square',
      data: { n: i + 1 },
      opts: { jobId: `square-${i + 1}` },
    })),
  );
  emit('producer', 'enqueue', `Producer: added ${count} jobs`, { jobs: count });
  return Promise.all(jobs.map((job) => resultOf<number>(producer, job)));
}

/** RQ's `job.result`: wait until the job is finished and hand back what it returned. */
async function resultOf<T>(producer: Producer, job: Job): Promise<T> {
  const value = (await job.waitUntilFinished(producer.events)) as T;
  emit('producer', 'result', `Producer: ${job.id} = ${value}`, {
    job: job.id ?? '',
    value: String(value),
  });
  return value;
}

/**
 * Part 2: retries. `flaky` fails twice and then succeeds; `doomed` fails every
 * attempt and ends in the queue's failed set, and the producer says so.
 */
export async function retries(producer: Producer): Promise<void> {
  // attempts: 3 runs it at most three times; exponential backoff waits delay, then
  // 2 x delay, before the second and third attempt (RQ: Retry(max=2, interval=[...])).
  const opts = {
    attempts: nominal.attempts,
    backoff: { type: 'exponential', delay: scaled(nominal.backoffMs) },
  };
  const [flaky, doomed] = await producer.queue.addBulk([
    { name: 'flaky', data: {}, opts: { ...opts, jobId: 'flaky' } },
    { name: 'doomed', data: {}, opts: { ...opts, jobId: 'doomed' } },
  ]);
  const doomedEnds = doomed!.waitUntilFinished(producer.events).then(
    () => new Error('doomed succeeded'),
    (error: Error) => error,
  );
  await resultOf(producer, flaky!);
  const failure = await doomedEnds;
  const state = await producer.queue.getJobState('doomed');
  const failed = await producer.queue.getJob('doomed');
  emit(
    'producer',
    'failed',
    `Producer: doomed ${state} after ${failed?.attemptsMade} attempts: ${failure.message}`,
    { job: 'doomed', state, attempts: failed?.attemptsMade ?? 0 },
  );
}

/**
 * Part 3: at-least-once delivery. The worker that takes `payment` records its effect
 * and is killed (SIGKILL) before it finishes; no lock renewal, so another worker
 * takes the job again once the lock expires. Returns how many times the ledger has it.
 */
export async function killMidJob(producer: Producer, workers: readonly WorkerProcess[]) {
  let killed: WorkerProcess | undefined;
  const stop = listen(workers, (worker, message) => {
    // The first worker to record the effect dies right after, the job unfinished.
    if (message.kind === 'effect' && killed === undefined) {
      killed = worker;
      signalWorker(worker, 'SIGKILL');
      emit(
        'producer',
        'kill',
        `Producer: killed ${worker.name} (SIGKILL) in the middle of payment`,
        {
          worker: worker.name,
        },
      );
    }
  });
  try {
    const job = await producer.queue.add('payment', { order: 42 }, { jobId: 'payment' });
    await resultOf(producer, job);
  } finally {
    stop();
  }
  const entries = await producer.connection.lrange(ledgerKey(producer.name), 0, -1);
  emit(
    'producer',
    'ledger',
    `Producer: the ledger holds ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} for order 42`,
    {
      entries: entries.length,
    },
  );
  if (killed) await killed.exited;
  return killed;
}

/**
 * Part 4: graceful shutdown. The worker running `report` gets SIGTERM: it finishes
 * the job, takes no new one (the jobs added now go to the others) and exits 0.
 */
export async function stopMidJob(
  producer: Producer,
  workers: readonly WorkerProcess[],
  more: number,
) {
  let stopped: WorkerProcess | undefined;
  let closing!: () => void;
  const isClosing = new Promise<void>((resolve) => {
    closing = resolve;
  });
  const stop = listen(workers, (worker, message) => {
    if (message.kind === 'started' && message.job === 'report' && stopped === undefined) {
      stopped = worker;
      emit('producer', 'sigterm', `Producer: SIGTERM to ${worker.name} while it runs report`, {
        worker: worker.name,
      });
      signalWorker(worker, 'SIGTERM');
    }
    if (message.kind === 'closing' && worker === stopped) closing();
  });
  try {
    const report = await producer.queue.add('report', {}, { jobId: 'report' });
    const reported = resultOf(producer, report);
    await isClosing;
    const after = await producer.queue.addBulk(
      Array.from({ length: more }, (_, i) => ({
        name: 'square',
        data: { n: i + 1 },
        opts: { jobId: `after-${i + 1}` },
      })),
    );
    emit('producer', 'enqueue', `Producer: added ${more} jobs while it closes`, { jobs: more });
    await Promise.all([reported, ...after.map((job) => resultOf(producer, job))]);
    const how = await stopped!.exited;
    emit('producer', 'exited', `Producer: ${stopped!.name} exited with ${how}`, {
      worker: stopped!.name,
      code: String(how),
    });
  } finally {
    stop();
  }
  return stopped!;
}

/** The end of a run: SIGTERM to each worker still there; each closes and exits 0. */
export async function stopWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  for (const worker of workers) signalWorker(worker, 'SIGTERM');
  const codes = await Promise.all(workers.map((worker) => worker.exited));
  const bad = workers.flatMap((w, i) =>
    codes[i] === 0 ? [] : [`${w.name} exited with ${codes[i]}`],
  );
  if (bad.length > 0) throw new Error(bad.join(', '));
  emit('producer', 'stopped', `Producer: the other ${workers.length} worker(s) exited with 0`, {
    workers: workers.length,
  });
}
