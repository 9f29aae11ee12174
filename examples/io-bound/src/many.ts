// --many N: the claim that one thread scales to thousands of waits. N downloads at
// once with Promise.all on the main thread, against the sites in their own process;
// then what N worker threads would cost, measured on a few and multiplied, not run.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { nowMs, runnableChild } from '@concurrency/trace';
import { Agent } from 'undici';
import { downloadSite, siteUrls } from './download.ts';

/** Where /proc/self/limits is missing (macOS), assume its default soft limit. */
export const DEFAULT_OPEN_FILES = 256;
/** File descriptors kept free for Node itself, the trace, stdio and the IPC channel. */
export const SPARE_FILES = 100;

/** `ulimit -n`: the soft limit on open files, read from /proc where Linux has it. */
export function openFileLimit(): { limit: number; from: string } {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((each) => each.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    if (soft === 'unlimited') return { limit: Number.MAX_SAFE_INTEGER, from: '/proc/self/limits' };
    if (soft && /^\d+$/.test(soft)) return { limit: Number(soft), from: '/proc/self/limits' };
  } catch {}
  return { limit: DEFAULT_OPEN_FILES, from: 'the default assumed without /proc' };
}

const serverFile = new URL('./server-child.ts', import.meta.url);

/** N downloads at once on this thread; the sites hold every answer until all N are in. */
export async function downloadMany(count: number, latencyMs: number, sites: number) {
  const { url, execArgv } = runnableChild(serverFile);
  const server = fork(fileURLToPath(url), [String(latencyMs), String(count)], { execArgv });
  const exited = once(server, 'exit');
  try {
    const [{ origin }] = (await once(server, 'message')) as [{ origin: string }];
    const urls = siteUrls(origin, sites, Math.ceil(count / sites), 'many').slice(0, count);
    const agent = new Agent({ connections: null });
    const before = process.memoryUsage().rss;
    const began = nowMs();
    const outcomes = await Promise.all(urls.map((each) => downloadSite(each, agent, 'main')));
    const ms = nowMs() - began;
    const peakRss = process.resourceUsage().maxRSS * 1024;
    await agent.close();
    server.send('peak?');
    const [{ peak }] = (await once(server, 'message')) as [{ peak: number }];
    await exited;
    return { outcomes, ms, peak, memory: { before, peak: peakRss } };
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
  }
}

// The least a thread per download costs: a worker that says it is up and waits.
const idleThread = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', () => {});
parentPort.postMessage('up');`;

/** Start a few idle worker threads, one at a time: the cost of each, in ms and bytes. */
export async function measureThreadCost(samples = 4): Promise<{ ms: number; bytes: number }> {
  const workers: Worker[] = [];
  const before = process.memoryUsage().rss;
  const began = nowMs();
  try {
    for (let i = 0; i < samples; i++) {
      const worker = new Worker(idleThread, {
        eval: true,
      });
      workers.push(worker);
      await once(worker, 'message');
    }
    const ms = (nowMs() - began) / samples;
    const bytes = (process.memoryUsage().rss - before) / samples;
    return { ms, bytes };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
