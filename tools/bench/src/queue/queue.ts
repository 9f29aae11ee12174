// Jobs per second through BullMQ on a local Redis, with 1, 2 and 4 worker processes,
// against the in-process worker-thread pool (src/pool) running the same tiny job:
// what crossing a network hop and Redis costs per job. Each side is started and warm
// before the clock; a round adds all its jobs at once and waits for the last result.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nowMs, runnableChild } from '@concurrency/trace';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { unitsFor } from '../calibrate.ts';
import type { Figure } from '../figure.ts';
import { WorkerPool } from '../pool/pool.ts';
import { alternate, ratios, summarize } from '../stats.ts';

const workerEntry = new URL('./queue-worker.ts', import.meta.url);
const poolEntry = new URL('../pool/burn-worker.ts', import.meta.url);
const PROCESSES = [1, 2, 4] as const;
const CONCURRENCY = 8;

/** REDIS_URL, or a redis-server of our own on a unix socket, persistence off. */
async function redisServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  const socket = join(dir, 'redis.sock');
  const server = spawn(
    'redis-server',
    ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const exited = once(server, 'exit');
  server.once('error', () => {});
  const stop = async () => {
    server.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const probe = new Redis(socket, { lazyConnect: true, maxRetriesPerRequest: 1 });
  probe.on('error', () => {});
  for (let tries = 0; ; tries++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return { url: socket, stop };
    } catch {
      probe.disconnect();
      if (tries > 200 || server.exitCode !== null) {
        await stop();
        throw new Error(
          'no redis-server: install it (apt-get install redis-server) or set REDIS_URL',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

interface Side {
  run: (jobs: number) => Promise<number>;
  close: () => Promise<void>;
}

async function queueSide(url: string, processes: number, units: number): Promise<Side> {
  const name = `bench-${processes}-${process.pid}`;
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const children: ChildProcess[] = [];
  for (let i = 0; i < processes; i++) {
    const { url: file, execArgv } = runnableChild(workerEntry);
    const child = fork(fileURLToPath(file), [url, name, String(CONCURRENCY)], { execArgv });
    children.push(child);
  }
  await Promise.all(children.map((child) => once(child, 'message')));
  return {
    async run(jobs) {
      let left = jobs;
      const done = new Promise<void>((resolve) => {
        const onCompleted = () => {
          if (--left === 0) {
            events.off('completed', onCompleted);
            resolve();
          }
        };
        events.on('completed', onCompleted);
      });
      const begin = nowMs();
      await queue.addBulk(
        Array.from({ length: jobs }, () => ({
          name: 'burn',
          data: { units },
          opts: { removeOnComplete: true },
        })),
      );
      await done;
      return jobs / ((nowMs() - begin) / 1000);
    },
    async close() {
      for (const child of children) child.kill('SIGKILL');
      await queue.obliterate({ force: true });
      await Promise.all([queue.close(), events.close()]);
      connection.disconnect();
    },
  };
}

export async function measureQueue(
  jobs: number,
  rounds: number,
  deadline: number,
): Promise<Figure> {
  const units = unitsFor(0.01);
  const redis = await redisServer();
  const sides: Side[] = [];
  try {
    for (const processes of PROCESSES) sides.push(await queueSide(redis.url, processes, units));
    const pool = new WorkerPool<number, number>(poolEntry, {
      threads: 2,
      inFlight: 4,
      batchSize: 32,
    });
    await pool.ready();
    sides.push({
      run: async (count) => {
        const begin = nowMs();
        await Promise.all(Array.from({ length: count }, () => pool.run(units)));
        return count / ((nowMs() - begin) / 1000);
      },
      close: () => pool.close(),
    });
    const [one, two, four, threads] = sides as [Side, Side, Side, Side];
    const s = await alternate(
      {
        'BullMQ, 1 process': () => one.run(jobs),
        'BullMQ, 2 processes': () => two.run(jobs),
        'BullMQ, 4 processes': () => four.run(jobs),
        'thread pool, 2 threads': () => threads.run(jobs),
      },
      { rounds, deadline },
    );
    const series = Object.entries(s).map(([label, samples]) => ({
      label,
      unit: 'jobs/s',
      summary: summarize(samples),
    }));
    const poolOverQueue = summarize(ratios(s['thread pool, 2 threads'], s['BullMQ, 2 processes']));
    const fourOverOne = summarize(ratios(s['BullMQ, 4 processes'], s['BullMQ, 1 process']));
    return {
      title: 'Task queue throughput, 10 µs jobs',
      series,
      ratios: [
        { label: 'thread pool / BullMQ, 2 processes', unit: '×', summary: poolOverQueue },
        { label: 'BullMQ 4 processes / 1', unit: '×', summary: fourOverOne },
      ],
      target: 'honest figures',
      verdict: 'measured',
      note:
        `Each BullMQ job crosses to Redis and back several times (add, fetch, lock, ` +
        `complete, event); the in-process pool moved ${poolOverQueue.median.toFixed(0)}× as ` +
        `many jobs a second as BullMQ with 2 processes, and 4 processes did ` +
        `${fourOverOne.median.toFixed(2)}× one, on this machine's cores.`,
    };
  } finally {
    await Promise.all(sides.map((side) => side.close()));
    await redis.stop();
  }
}
