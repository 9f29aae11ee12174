// The ground the lesson runs on: a Redis found or started, the producer's connection
// watched, everything stopped and removed on every way out (a good end, a failure, a
// lost Redis, a dead worker, Ctrl-C, SIGTERM, SIGHUP).
import { setTimeout as delay } from 'node:timers/promises';
import { emit } from '@concurrency/trace';
import { PREFIX } from './jobs.ts';
import { Choreography } from './proof.ts';
import { connect, giveUpMs, redisForThisRun, removeKeys, watchRedis } from './setup-redis.ts';
import { type Options, runLesson } from './task-queue.ts';

const SIGNALS = { SIGINT: 'Ctrl-C', SIGTERM: 'SIGTERM', SIGHUP: 'SIGHUP' } as const;

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
    const run = { redis: connection, url: redis.url, name: queue, fail: watch.report };
    await runLesson(run, options, proof);
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
