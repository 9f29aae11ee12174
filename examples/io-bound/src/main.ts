// The command line: flags in, the four versions against one server, a table out.
import { parseArgs } from 'node:util';
import { emit, nowMs, runMain } from '@concurrency/trace';
import { chosenVersions, cli, failedDownload } from './cli.ts';
import { type Outcome, siteUrls, type Version } from './download.ts';
import {
  type Clock,
  downloadAllAtOnce,
  downloadInProcesses,
  downloadInThreads,
  downloadSequentially,
} from './io-bound.ts';
import { runMany } from './many-report.ts';
import { startSites } from './server.ts';

runMain(cli, async (args) => {
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const sites = cli.count(values, 'sites');
  const times = cli.count(values, 'times');
  const latencyMs = cli.count(values, 'latency');
  const many = cli.optionalCount(values, 'many');
  if (many !== undefined) return runMany(many, latencyMs, sites);

  const total = sites * times;
  const failAt = failedDownload(cli.optionalCount(values, 'fail'), total);
  const chosen = chosenVersions(values.only);
  const connections = cli.optionalCount(values, 'connections');
  const sequential = Boolean(values.sequential);
  const pools = {
    threads: cli.count(values, 'threads'),
    processes: cli.count(values, 'processes'),
  };

  const server = await startSites({ latencyMs, failAt });
  try {
    emit('main', 'part', `# ${total} downloads: ${sites} sites x ${times}, ${latencyMs} ms each`);
    const rows: Row[] = [];
    for (const version of chosen) {
      const run = async (urls: string[], clock: Clock): Promise<Outcome[]> => {
        if (version === 'threads' || version === 'processes') {
          const options = { size: pools[version], sequential };
          return version === 'threads'
            ? downloadInThreads(urls, options, clock)
            : downloadInProcesses(urls, options, clock);
        }
        clock.start();
        const outcomes =
          version === 'sequential' || sequential
            ? await downloadSequentially(urls)
            : await downloadAllAtOnce(urls, connections);
        clock.stop();
        return outcomes;
      };
      emit('main', 'part', headers[version]({ ...pools, connections, sequential }), { version });
      let [began, ended] = [Number.NaN, Number.NaN];
      const outcomes = await run(siteUrls(server.origin, sites, times, version), {
        start: () => {
          began = emit('main', 'start', undefined, { version }).t;
        },
        stop: () => {
          ended = nowMs();
        },
      });
      const ms = ended - began;
      const failed = outcomes.filter((outcome) => 'error' in outcome);
      if (failed.length > 0) {
        const named = failed.map(
          (each) => `#${each.id} site-${each.site} (${'error' in each ? each.error : ''})`,
        );
        throw new Error(`${failed.length} downloads failed in ${version}: ${named.join(', ')}`);
      }
      const peak = server.peak();
      emit(
        'main',
        'finish',
        `Downloaded ${outcomes.length} sites in ${(ms / 1000).toFixed(3)} seconds`,
        {
          version,
          ms,
          peak,
        },
      );
      rows.push({ version, ms, peak });
    }
    emit('main', 'table', table(rows));
  } finally {
    await server.close();
  }
});

type Options = { threads: number; processes: number; connections?: number; sequential: boolean };
const headers: Record<Version, (options: Options) => string> = {
  sequential: () => '# sequential: one download after another, one connection',
  'promise-all': ({ connections, sequential }) =>
    sequential
      ? '# Promise.all, --sequential: one download after another'
      : `# Promise.all: every download at once on one thread, ${connections === undefined ? 'a connection each' : `at most ${connections} connections`}`,
  threads: ({ threads, sequential }) =>
    `# worker threads: a pool of ${threads}, each downloading its share${sequential ? ', one thread after another' : ''}`,
  processes: ({ processes, sequential }) =>
    `# child processes: a pool of ${processes}, each downloading its share${sequential ? ', one process after another' : ''}`,
};

interface Row {
  version: Version;
  ms: number;
  peak: number;
}

/** The one table: each version's time, how many requests the server saw at once. */
function table(rows: Row[]): string {
  const first = rows[0]!;
  return [
    `${'version'.padEnd(12)} ${'time'.padStart(9)} ${'at once'.padStart(8)} ${`vs ${first.version}`.padStart(15)}`,
    ...rows.map(
      ({ version, ms, peak }) =>
        `${version.padEnd(12)} ${(ms / 1000).toFixed(3).padStart(7)} s ${String(peak).padStart(8)} ${(first.ms / ms).toFixed(2).padStart(14)}x`,
    ),
  ].join('\n');
}
