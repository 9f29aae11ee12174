// The command line: flags in, a Redis found or started, the four parts in order,
// everything stopped at the end (also on a failure or Ctrl-C), exit code out.
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { emit, runMain, scaled, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { nominal } from './nominal.ts';
import { redisForThisRun } from './redis-server.ts';
import type { Producer, WorkerProcess } from './task-queue.ts';

runMain(cli, async (args) => {
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const workers = cli.count(values, 'workers');
  const concurrency = cli.count(values, 'concurrency');
  const jobs = cli.count(values, 'jobs');
  if (jobs <= workers * concurrency) {
    throw new UsageError(
      `--jobs ${jobs} must be more than workers x concurrency (${workers * concurrency}), or the peak proves nothing`,
    );
  }
  const idempotent = !values['no-idempotency'];

  const redis = await redisForThisRun();
  // BullMQ and ioredis load only now: --help, a bad flag or no Redis answer without them.
  const { connect, lostRedis } = await import('./connection.ts');
  const {
    allReady,
    killMidJob,
    ledgerKey,
    openProducer,
    PREFIX,
    retries,
    signalWorker,
    squares,
    startWorkerProcess,
    stopMidJob,
    stopWorkers,
    unexpectedExit,
  } = await import('./task-queue.ts');
  const where = redis.server ? 'a redis-server of its own, on a unix socket' : 'REDIS_URL';
  const connection = connect(redis.url);
  const watch = lostRedis(connection, 'producer');
  // One queue per run: two runs on one Redis never meet.
  const queue = `lesson-${process.pid}`;
  const started: WorkerProcess[] = [];
  let redisWentAway = false;
  let producer: Producer | undefined;
  const interrupted = new Promise<never>((_, reject) =>
    process.once('SIGINT', () => reject(new Error('interrupted (Ctrl-C): everything stopped'))),
  );
  const stray = strayRejection();
  let workerDied: (error: Error) => void = () => {};
  const crashed = new Promise<never>((_, reject) => {
    workerDied = reject;
  });
  try {
    const lesson = async () => {
      producer = await openProducer(connection, queue);
      for (let i = 0; i < workers; i++) {
        const config = {
          name: `worker-${i}`,
          url: redis.url,
          queue,
          prefix: PREFIX,
          concurrency,
          idempotent,
        };
        started.push(startWorkerProcess(config));
      }
      // From here on, a worker that dies unbidden fails the run (see unexpectedExit).
      unexpectedExit(started).catch(workerDied);
      await allReady(started);
      // The first line comes once the workers are up: the timeline starts with the lesson.
      emit('main', 'redis', `# Redis: ${where}`);
      emit('main', 'part', `# ${workers} worker processes, ${concurrency} jobs at a time each`);
      await squares(producer, jobs);
      emit('main', 'part', '# Retries with exponential backoff');
      await retries(producer);
      emit(
        'main',
        'part',
        `# A worker killed in the middle of a job (idempotency ${idempotent ? 'on' : 'off'})`,
      );
      const killed = await killMidJob(producer, started);
      emit('main', 'part', '# SIGTERM: a worker finishes its job and leaves');
      const alive = started.filter((w) => w !== killed);
      const stopped = await stopMidJob(producer, alive, concurrency * 2);
      await stopWorkers(alive.filter((w) => w !== stopped));
      // Leave nothing behind: the queue's keys and the effects' keys go.
      await producer.queue.obliterate({ force: true });
      await connection.del(ledgerKey(queue), `${PREFIX}:${queue}:done:payment`);
      await Promise.all([producer.queue.close(), producer.events.close()]);
      const left = await connection.keys(`${PREFIX}:${queue}*`);
      emit('main', 'keys', `# Done: ${left.length} keys of this run left in Redis`, {
        left: left.length,
      });
    };
    const lost = watch.lost.then((error) => {
      redisWentAway = true;
      throw error;
    });
    await Promise.race([lesson(), lost, interrupted, stray, crashed]);
  } finally {
    watch.stopWatching();
    // Without Redis each worker gives up too, and says so: wait for that, bounded.
    if (redisWentAway) await exitsOnTheirOwn(started);
    // A worker still running here means a failure or Ctrl-C: it goes now.
    for (const worker of started) signalWorker(worker, 'SIGKILL');
    await Promise.all(started.map((worker) => worker.exited));
    // Closed already after a good run; after a failure, closed now, or given up on.
    if (producer) await closeWithin(producer, 1000);
    connection.disconnect();
    await redis.stop();
    // Past this point nothing should be left to wait for; if something is, end anyway.
    setTimeout(() => process.exit(), 2000).unref();
  }
});

/** Each worker's own exit, reported, for as long as a worker needs to give up on Redis. */
async function exitsOnTheirOwn(workers: readonly WorkerProcess[]): Promise<void> {
  const bound = delay(2 * scaled(nominal.giveUpMs) + 2000);
  await Promise.all(
    workers.map(async (worker) => {
      const how = await Promise.race([worker.exited, bound.then(() => 'still running')]);
      emit('producer', 'exited', `Producer: ${worker.name} exited with ${how}`, {
        worker: worker.name,
        code: String(how),
      });
    }),
  );
}

/**
 * BullMQ leaves a few promises of its own unawaited; when Redis goes away they
 * reject with ioredis's "Connection is closed." The loss itself is reported by the
 * connection's watch. Any other rejection nobody awaited fails the run (after the
 * cleanup) instead of killing the process past it.
 */
function strayRejection(): Promise<never> {
  return new Promise<never>((_, reject) => {
    process.on('unhandledRejection', (error) => {
      if ((error as Error)?.message !== 'Connection is closed.') reject(error);
    });
  });
}

async function closeWithin(producer: Producer, ms: number): Promise<void> {
  const closing = Promise.all([producer.queue.close(), producer.events.close()]);
  await Promise.race([closing.catch(() => {}), delay(ms)]);
}
