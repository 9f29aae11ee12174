// --many N: the claim that one thread scales to thousands of waits. N downloads at
// once with the lesson's Promise.all, against the sites in their own process; then
// what N worker threads would cost, measured on a few (many.ts) and multiplied.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { emit, nowMs, runnableChild } from '@concurrency/trace';
import { checkOpenFiles } from './cli.ts';
import { downloadAllAtOnce } from './io-bound.ts';
import { threadCost } from './many.ts';
import { siteUrls } from './setup-sites.ts';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const serverFile = new URL('./setup-sites-child.ts', import.meta.url);

export async function runMany(count: number, latencyMs: number, sites: number): Promise<void> {
  const limit = checkOpenFiles(`--many ${count}`, count, (most) => `choose --many ${most} or less`);
  emit('main', 'part', `# ${count} downloads at once on one thread, the server in its own process`);
  const spare = `Open-file limit ${limit} (ulimit -n): ${count} sockets leave ${limit - count} spare`;
  emit('main', 'limit', spare, { limit });
  const { url, execArgv } = runnableChild(serverFile);
  const server = fork(fileURLToPath(url), [String(latencyMs), String(count)], { execArgv });
  const exited = once(server, 'exit');
  try {
    const [{ origin }] = (await once(server, 'message')) as [{ origin: string }];
    const urls = siteUrls(origin, sites, count, 'many');
    const began = nowMs();
    const outcomes = await downloadAllAtOnce(urls);
    const ms = nowMs() - began;
    const failed = outcomes.filter((outcome) => 'error' in outcome).length;
    if (failed > 0) throw new Error(`${failed} of ${count} downloads failed`);
    server.send('peak?');
    const [{ peak }] = (await once(server, 'message')) as [{ peak: number }];
    await exited;
    const memory = mb(process.resourceUsage().maxRSS * 1024);
    const line = `Downloaded ${count} sites in ${(ms / 1000).toFixed(3)} seconds, ${peak} in flight at once, peak memory ${memory}`;
    emit('main', 'finish', line, { ms, peak, version: 'many' });
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  const { ms, bytes } = await threadCost();
  const all = `${((ms * count) / 1000).toFixed(1)} s one by one and ${mb(bytes * count)}`;
  const cost = `A worker thread costs ${ms.toFixed(1)} ms to start and ${mb(bytes)}: ${count} of them would need ${all}`;
  emit('main', 'threads', cost, { ms, bytes });
}
