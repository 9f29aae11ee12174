// I/O-bound throughput: requests per second for one batch of downloads from a
// loopback server in its own process, three ways, alternating round by round:
//   - Promise.all over undici's fetch on one thread (io-bound's second version);
//   - the same client Python runs, written by hand on net.connect (raw-client.ts);
//   - Python's asyncio, stdlib only (asyncio.open_connection), one python3 run per
//     round, its interpreter start not timed;
//   - two pre-started worker threads, each running Promise.all over half the batch.
// Every side has the same number of connections in all, opened inside the timed
// round, and reuses each for its share (HTTP keep-alive).
// Two questions: Node's one thread against Python's one thread, both waiting on many
// sockets (net.connect / asyncio: the same client on both sides; fetch / asyncio adds
// what a full HTTP client costs); and whether threads add anything to I/O that one
// thread already waits on (threads / Promise.all).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { nowMs, runnable, runnableChild } from '@concurrency/trace';
import { Agent, fetch } from 'undici';
import type { Figure } from '../figure.ts';
import { runPython } from '../python.ts';
import { alternate, ratios, summarize } from '../stats.ts';
import { rawBatch } from './raw-client.ts';

export interface IoSettings {
  requests: number;
  connections: number;
  latencyMs: number;
  rounds: number;
}

async function promiseAll(url: string, count: number, connections: number): Promise<number> {
  const agent = new Agent({ connections });
  const begin = nowMs();
  await Promise.all(
    Array.from({ length: count }, async () =>
      (await fetch(url, { dispatcher: agent })).arrayBuffer(),
    ),
  );
  const ms = nowMs() - begin;
  await agent.close();
  return ms;
}

async function onThreads(workers: Worker[], url: string, count: number, connections: number) {
  const begin = nowMs();
  await Promise.all(
    workers.map((worker) => {
      const done = once(worker, 'message');
      worker.postMessage({
        url,
        count: count / workers.length,
        connections: connections / workers.length,
      });
      return done;
    }),
  );
  return nowMs() - begin;
}

export async function measureIo(s: IoSettings, deadline: number): Promise<Figure> {
  const server = runnableChild(new URL('./server.ts', import.meta.url));
  const child = fork(fileURLToPath(server.url), [String(s.latencyMs)], {
    execArgv: server.execArgv,
  });
  const workers: Worker[] = [];
  try {
    const [{ port }] = (await once(child, 'message')) as [{ port: number }];
    const url = `http://127.0.0.1:${port}/x`;
    const entry = runnable(new URL('./io-worker.ts', import.meta.url)).url;
    for (let i = 0; i < 2; i++) workers.push(new Worker(entry));
    await Promise.all(workers.map((worker) => once(worker, 'message')));
    const perSecond = (ms: number) => s.requests / (ms / 1000);
    const samples = await alternate(
      {
        node: async () => perSecond(await promiseAll(url, s.requests, s.connections)),
        raw: async () => perSecond(await rawBatch(port, s.requests, s.connections)),
        python: async () => {
          const args = [port, s.requests, s.connections, 1];
          const { ms } = (await runPython('io_asyncio.py', args)) as { ms: number[] };
          return perSecond(ms[0]!);
        },
        threads: async () => perSecond(await onThreads(workers, url, s.requests, s.connections)),
      },
      { rounds: s.rounds, deadline },
    );
    const nodeOverPython = summarize(ratios(samples.node, samples.python));
    const rawOverPython = summarize(ratios(samples.raw, samples.python));
    const threadsOverNode = summarize(ratios(samples.threads, samples.node));
    const x = (n: number) => `${n.toFixed(2)}×`;
    return {
      title: `I/O-bound throughput, ${s.requests} downloads over ${s.connections} connections`,
      series: [
        { label: 'Promise.all + fetch (Node)', unit: 'req/s', summary: summarize(samples.node) },
        {
          label: 'net.connect, hand-written (Node)',
          unit: 'req/s',
          summary: summarize(samples.raw),
        },
        {
          label: 'asyncio.open_connection, hand-written (Python)',
          unit: 'req/s',
          summary: summarize(samples.python),
        },
        {
          label: '2 worker threads, Promise.all each',
          unit: 'req/s',
          summary: summarize(samples.threads),
        },
      ],
      ratios: [
        {
          label: 'net.connect / asyncio (same client, by hand)',
          unit: '×',
          summary: rawOverPython,
        },
        { label: 'Promise.all + fetch / asyncio', unit: '×', summary: nodeOverPython },
        { label: '2 threads / Promise.all', unit: '×', summary: threadsOverNode },
      ],
      target: 'honest figures',
      verdict: 'measured',
      note:
        `One event loop against the other, the same hand-written client: Node did ${x(rawOverPython.median)} asyncio's requests per second; ` +
        `with fetch (what io-bound uses, a full HTTP client) ${x(nodeOverPython.median)}. ` +
        `Threads for I/O: two threads did ${x(threadsOverNode.median)} one thread's, ` +
        `with the server (${s.latencyMs} ms a request) in its own process on the same cores.`,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    if (child.connected) child.disconnect();
    if (child.exitCode === null) await once(child, 'exit');
  }
}
