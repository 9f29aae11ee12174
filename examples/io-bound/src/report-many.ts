// --many N: the claim that one thread scales to thousands of waits. N downloads at
// once with the lesson's Promise.all, against the sites in their own process; then
// what N worker threads would cost, measured on a few and multiplied, not run.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { emit, nowMs, runnableChild } from '@concurrency/trace';
import { downloadAllAtOnce } from './io-bound.ts';
import { checkOpenFiles } from './setup-open-files.ts';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const serverFile = new URL('./setup-sites-child.ts', import.meta.url);

export async function runMany(count: number, latencyMs: number, sites: number): Promise<void> {
  const limit = checkOpenFiles(
    `--many ${count}`,
    count,
    (most) => `choose --many ${most} or fewer`,
  );
  emit('main', 'part', `# ${count} downloads at once on one thread, the server in its own process`);
  emit(
    'main',
    'limit',
    `Open-file limit ${limit} (ulimit -n): ${count} sockets leave ${limit - count} spare`,
    {
      limit,
    },
  );
  const { url, execArgv } = runnableChild(serverFile);
  const server = fork(fileURLToPath(url), [String(latencyMs), String(count)], { execArgv });
  const exited = once(server, 'exit');
  try {
    const [{ origin }] = (await once(server, 'message')) as [{ origin: string }];
    const urls = Array.from(
      { length: count },
      (_, id) => `${origin}/site-${id % sites}/${id}?v=many`,
    );
    const began = nowMs();
    const outcomes = await downloadAllAtOnce(urls);
    const ms = nowMs() - began;
    const failed = outcomes.filter((outcome) => 'error' in outcome);
    if (failed.length > 0) throw new Error(`${failed.length} of ${count} downloads failed`);
    server.send('peak?');
    const [{ peak }] = (await once(server, 'message')) as [{ peak: number }];
    await exited;
    const memory = mb(process.resourceUsage().maxRSS * 1024);
    emit(
      'main',
      'finish',
      `Downloaded ${count} sites in ${(ms / 1000).toFixed(3)} seconds, ${peak} in flight at once, peak memory ${memory}`,
      { ms, peak, version: 'many' },
    );
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  const thread = await measureThreadCost();
  emit(
    'main',
    'threads',
    `A worker thread costs ${thread.ms.toFixed(1)} ms to start and ${mb(thread.bytes)}: ` +
      `${count} of them would need ${((thread.ms * count) / 1000).toFixed(1)} s one by one and ${mb(thread.bytes * count)}`,
    { ms: thread.ms, bytes: thread.bytes },
  );
}

// The least a thread per download costs: a worker that says it is up and waits.
const idleThread = `require('node:worker_threads').parentPort.postMessage('up');
setInterval(() => {}, 1 << 30);`;

/** Start a few idle worker threads, one at a time: the cost of each, in ms and bytes. */
async function measureThreadCost(samples = 4): Promise<{ ms: number; bytes: number }> {
  const workers: Worker[] = [];
  const before = process.memoryUsage().rss;
  const began = nowMs();
  try {
    for (let i = 0; i < samples; i++) {
      workers.push(new Worker(idleThread, { eval: true }));
      await once(workers.at(-1)!, 'message');
    }
    return {
      ms: (nowMs() - began) / samples,
      bytes: (process.memoryUsage().rss - before) / samples,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
