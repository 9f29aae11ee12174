// The run main asks for: the chosen versions one after another against one server,
// each announced before its wait, timed, and checked against what the server saw;
// then one table. None of this is the lesson (io-bound.ts, threads.ts, processes.ts): it prints it.
import { emit, nowMs, scaled } from '@concurrency/trace';
import { checkOpenFiles, type Plan, type Version } from './cli.ts';
import { downloadAllAtOnce, downloadSequentially } from './io-bound.ts';
import { downloadInProcesses } from './processes.ts';
import { type Sites, siteUrls, startSites } from './setup-sites.ts';
import { downloadInThreads } from './threads.ts';

export async function runVersions(plan: Plan): Promise<void> {
  // Client and server share this process: a socket each end of every open download.
  const most = Math.max(...plan.versions.map((version) => inFlight(version, plan)));
  checkOpenFiles(`${most} downloads at once`, 2 * most, (n) => `cap them: --connections ${n >> 1}`);
  const sites = await startSites(plan.latencyMs, plan.failAt);
  try {
    const each = `${plan.sites} sites x ${plan.times}, ${plan.latencyMs} ms each`;
    emit('main', 'part', `# ${plan.sites * plan.times} downloads: ${each}`);
    const rows = [];
    for (const version of plan.versions) rows.push(await runVersion(version, plan, sites));
    emit('main', 'table', table(rows));
  } finally {
    await sites.close();
  }
}

/** How many downloads a version should have in flight at once. */
function inFlight(version: Version, { sites, times, connections, sequential, ...pools }: Plan) {
  const most = { sequential: 1, 'promise-all': connections ?? Infinity, ...pools }[version];
  return sequential ? 1 : Math.min(most, sites * times);
}

async function runVersion(version: Version, plan: Plan, sites: Sites) {
  const urls = siteUrls(sites.origin, plan.sites, plan.sites * plan.times, version);
  const want = inFlight(version, { ...plan, sequential: false });
  sites.expect(want, version);
  emit('main', 'part', header(version, plan, urls.length), { version });
  const began = emit('main', 'start', undefined, { version }).t;
  const outcomes = await download(version, urls, plan);
  const ended = nowMs();
  const failed = outcomes.flatMap((each) => ('error' in each ? [each] : []));
  if (failed.length > 0) {
    const named = failed.slice(0, 3).map((each) => `#${each.id} site-${each.site} (${each.error})`);
    const more = failed.length > 3 ? `, and ${failed.length - 3} more` : '';
    throw new Error(`${failed.length} downloads failed in ${version}: ${named.join(', ')}${more}`);
  }
  // A pool is timed from the moment its members had their first downloads out.
  const pool = version === 'threads' || version === 'processes';
  const startUpMs = pool ? sites.openedAt() - began : 0;
  const [ms, peak] = [ended - began - startUpMs, sites.peak()];
  const notCounted = pool ? `, not counting ${seconds(startUpMs)} s of pool start-up` : '';
  const line = `Downloaded ${outcomes.length} sites in ${seconds(ms)} seconds${notCounted}`;
  emit('main', 'finish', line, { version, ms, peak, want, startUpMs });
  if (peak < want)
    emit('main', 'short', `Not shown: the server saw ${peak} in flight at once, not ${want}`);
  return { version, ms, peak };
}

function download(version: Version, urls: string[], plan: Plan) {
  if (version === 'threads') return downloadInThreads(urls, plan.threads, plan.sequential);
  if (version === 'processes') return downloadInProcesses(urls, plan.processes, plan.sequential);
  if (version === 'sequential' || plan.sequential) return downloadSequentially(urls);
  return downloadAllAtOnce(urls, plan.connections);
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The line before a version's wait: what it does, and how long the wait may be. */
function header(version: Version, plan: Plan, total: number): string {
  const inTurn = ` about ${((total * scaled(plan.latencyMs)) / 1000).toFixed(1)} s ...`;
  const pool = (size: number, one: string, many: string) =>
    `a pool of ${size} taking URLs from one queue; ` +
    (plan.sequential ? `one ${one} after another,${inTurn}` : `starting ${size} ${many} ...`);
  const limit = plan.connections ? `at most ${plan.connections} connections` : 'a connection each';
  return {
    sequential: `# sequential: one download after another on one connection,${inTurn}`,
    'promise-all': plan.sequential
      ? `# Promise.all, --sequential: one download after another,${inTurn}`
      : `# Promise.all: every download at once on one thread, ${limit}`,
    threads: `# worker threads: ${pool(plan.threads, 'thread', 'threads')}`,
    processes: `# child processes: ${pool(plan.processes, 'process', 'processes')}`,
  }[version];
}

/** The one table: each version's time, how many requests the server saw at once. */
function table(rows: { version: Version; ms: number; peak: number }[]): string {
  const first = rows[0]!;
  const head = `${'version'.padEnd(12)} ${'time'.padStart(9)} ${'at once'.padStart(8)}`;
  return [
    `${head} ${`vs ${first.version}`.padStart(15)}`,
    ...rows.map(
      ({ version, ms, peak }) =>
        `${version.padEnd(12)} ${seconds(ms).padStart(7)} s ${String(peak).padStart(8)} ${(first.ms / ms).toFixed(2).padStart(14)}x`,
    ),
  ].join('\n');
}
