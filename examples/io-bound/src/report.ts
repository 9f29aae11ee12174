// The run main asks for: the chosen versions one after another against one server,
// each announced before it starts, timed, and checked against what the server saw;
// then one table. None of this is the lesson (that is io-bound.ts): it prints it.
import { emit, nowMs, scaled } from '@concurrency/trace';
import type { Version } from './cli.ts';
import {
  downloadAllAtOnce,
  downloadInProcesses,
  downloadInThreads,
  downloadSequentially,
} from './io-bound.ts';
import { checkOpenFiles } from './setup-open-files.ts';
import { type Sites, startSites } from './setup-sites.ts';

export interface Plan {
  sites: number;
  times: number;
  latencyMs: number;
  failAt?: number;
  versions: Version[];
  connections?: number;
  sequential: boolean;
  threads: number;
  processes: number;
}

export async function runVersions(plan: Plan): Promise<void> {
  const total = plan.sites * plan.times;
  // Client and server share this process: a socket each end of every open download.
  const most = Math.max(...plan.versions.map((version) => inFlight(version, plan)));
  checkOpenFiles(`${most} downloads at once`, 2 * most, (n) => `--connections ${n >> 1}`);
  const sites = await startSites(plan.latencyMs, plan.failAt);
  try {
    emit(
      'main',
      'part',
      `# ${total} downloads: ${plan.sites} sites x ${plan.times}, ${plan.latencyMs} ms each`,
    );
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
  const urls = Array.from(
    { length: plan.sites * plan.times },
    (_, id) => `${sites.origin}/site-${id % plan.sites}/${id}?v=${version}`,
  );
  const want = inFlight(version, { ...plan, sequential: false });
  sites.expect(want, version);
  emit('main', 'part', header(version, plan, urls.length), { version });
  const began = emit('main', 'start', undefined, { version }).t;
  const outcomes = await download(version, urls, plan);
  const ended = nowMs();
  const failed = outcomes.filter((outcome) => 'error' in outcome);
  if (failed.length > 0) {
    const named = failed
      .slice(0, 3)
      .map((each) => `#${each.id} site-${each.site} (${'error' in each ? each.error : ''})`);
    const more = failed.length > 3 ? `, and ${failed.length - 3} more` : '';
    throw new Error(`${failed.length} downloads failed in ${version}: ${named.join(', ')}${more}`);
  }
  // A pool is timed from the moment its members had their first downloads out.
  const startUpMs = version === 'threads' || version === 'processes' ? sites.openedAt() - began : 0;
  const ms = ended - began - startUpMs;
  const peak = sites.peak();
  const excluded = startUpMs > 0 ? `, not counting ${seconds(startUpMs)} s of pool start-up` : '';
  emit(
    'main',
    'finish',
    `Downloaded ${outcomes.length} sites in ${seconds(ms)} seconds${excluded}`,
    {
      version,
      ms,
      peak,
      startUpMs,
    },
  );
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
  return {
    sequential: `# sequential: one download after another on one connection,${inTurn}`,
    'promise-all': plan.sequential
      ? `# Promise.all, --sequential: one download after another,${inTurn}`
      : `# Promise.all: every download at once on one thread, ${plan.connections === undefined ? 'a connection each' : `at most ${plan.connections} connections`}`,
    threads: `# worker threads: ${pool(plan.threads, 'thread', 'threads')}`,
    processes: `# child processes: ${pool(plan.processes, 'process', 'processes')}`,
  }[version];
}

/** The one table: each version's time, how many requests the server saw at once. */
function table(rows: { version: Version; ms: number; peak: number }[]): string {
  const first = rows[0]!;
  return [
    `${'version'.padEnd(12)} ${'time'.padStart(9)} ${'at once'.padStart(8)} ${`vs ${first.version}`.padStart(15)}`,
    ...rows.map(
      ({ version, ms, peak }) =>
        `${version.padEnd(12)} ${seconds(ms).padStart(7)} s ${String(peak).padStart(8)} ${(first.ms / ms).toFixed(2).padStart(14)}x`,
    ),
  ].join('\n');
}
