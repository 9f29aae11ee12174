// The ground the lesson runs on: a Redis found or started and watched, the workers
// started (worker.ts), the parts run in order, and everything stopped and removed on
// every way out (a good end, a failure, a lost Redis, a dead worker, Ctrl-C, SIGTERM, SIGHUP).
import { setTimeout as delay } from 'node:timers/promises';
import { emit } from '@concurrency/trace';
import { crashMidJob, stopMidJob } from './at-least-once.ts';
import { ms, nominal } from './nominal.ts';
import { Choreography } from './proof.ts';
import { PREFIX, type Producer } from './setup-bullmq.ts';
import { connect, giveUpMs, redisForThisRun, removeKeys, watchRedis } from './setup-redis.ts';
import { closeQueue, openQueue, retries, squares } from './task-queue.ts';
import { startWorkers } from './worker.ts';

export type Options = { workers: number; concurrency: number; jobs: number; idempotent: boolean };

const SIGNALS = { SIGINT: 'Ctrl-C', SIGTERM: 'SIGTERM', SIGHUP: 'SIGHUP' } as const;

/** The four parts, on a queue of this run's own, with worker processes of its own. */
async function runLesson(producer: Producer, url: string, options: Options, proof: Choreography) {
  const { workers, concurrency, idempotent } = options;
  // Redis answers before any worker starts (a silent one fails the run: the watch).
  await producer.queue.waitUntilReady();
  const text = `# starting ${workers} worker processes, ${concurrency} jobs at a time each...`;
  emit('main', 'part', text);
  const given = { url, queue: producer.queue.name, concurrency, idempotent };
  const lock = { lockMs: ms(nominal.lockMs), stalledMs: ms(nominal.stalledIntervalMs) };
  const children = startWorkers(workers, { ...given, ...lock });
  await proof.ready(producer.queue, children);
  await squares(producer, options.jobs);
  await retries(producer);
  await crashMidJob(producer, proof, idempotent);
  await stopMidJob(producer, proof, 2 * concurrency);
  await proof.stopTheRest();
}

export async function runOnRedis(options: Options): Promise<void> {
  const redis = await redisForThisRun();
  const connection = connect(redis.url);
  const watch = watchRedis(connection, 'producer');
  // One queue per run, named after this process: two runs on one Redis never meet.
  const queue = `lesson-${process.pid}`;
  const proof = new Choreography();
  const interrupted = new Promise<never>((_, reject) => {
    for (const [signal, name] of Object.entries(SIGNALS)) {
      process.once(signal, () => reject(new Error(`interrupted (${name}): everything stopped`)));
    }
  });
  const lost = watch.lost.then((error) => Promise.reject(error));
  const prefix = `${PREFIX}:${queue}:`;
  const lesson = async () => {
    const producer = openQueue(connection, queue, watch.report);
    try {
      await runLesson(producer, redis.url, options, proof);
    } finally {
      await closeQueue(producer);
    }
    await removeKeys(connection, prefix);
    const left = (await connection.keys(`${prefix}*`)).length;
    emit('main', 'keys', `# Done: ${left} keys of this run left in Redis`, { left });
  };
  try {
    await Promise.race([lesson(), lost, interrupted, proof.crashed]);
  } finally {
    watch.stop();
    // Without Redis each worker gives up too, and says so; any other still running goes now.
    await proof.stopAll(watch.silent());
    // The run's keys go, in a Redis that still answers (bounded: it may not).
    const removed = removeKeys(connection, prefix).catch(() => 0);
    if (!watch.silent()) await Promise.race([removed, delay(giveUpMs())]);
    connection.disconnect();
    await redis.stop();
    // Past this point nothing should be left to wait for; if something is, end anyway.
    setTimeout(() => process.exit(), 200).unref();
  }
}
