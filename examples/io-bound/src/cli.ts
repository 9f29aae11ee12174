// The flags this program takes, declared once: parseArgs options, `--help` text and
// the range of each count. main.ts parses them with node:util's parseArgs.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { commandLine, UsageError } from '@concurrency/trace';
import { nominal } from './io-bound.ts';

export type Version = 'sequential' | 'promise-all' | 'threads' | 'processes';
export const versions: readonly Version[] = ['sequential', 'promise-all', 'threads', 'processes'];

export const cli = commandLine({
  program: 'io-bound',
  summary: 'downloads from a loopback server four ways: in turn, Promise.all, threads, processes.',
  longestSleepMs: 10_000,
  options: {
    only: {
      type: 'string',
      help: `the versions to run, comma-separated: ${versions.join(',')}`,
    },
    sequential: {
      type: 'boolean',
      help: 'the broken contrast: the concurrent versions download one at a time',
    },
    sites: {
      type: 'string',
      default: String(nominal.sites),
      help: 'how many sites the server serves',
      count: { min: 1, max: 10 },
    },
    times: {
      type: 'string',
      default: String(nominal.times),
      help: 'how many times each site is downloaded',
      count: { min: 1, max: 500 },
    },
    latency: {
      type: 'string',
      default: String(nominal.latencyMs),
      help: "the server's nominal ms before each answer (scaled)",
      count: { min: 1, max: 10_000 },
    },
    connections: {
      type: 'string',
      help: 'Promise.all opens at most N connections (unset: one each)',
      count: { min: 1, max: 10_000 },
    },
    threads: {
      type: 'string',
      default: String(nominal.threads),
      help: 'worker threads: ThreadPoolExecutor(max_workers=N)',
      count: { min: 1, max: 32 },
    },
    processes: {
      type: 'string',
      default: String(availableParallelism()),
      help: 'child processes: multiprocessing.Pool(), the CPU count',
      count: { min: 1, max: 32 },
    },
    fail: {
      type: 'string',
      help: 'download N gets a 500, N+1 a reset: both named, exit 1',
      count: { min: 0, max: 4999 },
    },
    many: {
      type: 'string',
      help: 'instead: N at once on one thread, and what N threads would cost',
      count: { min: 1, max: 1_000_000 },
    },
  },
});

/** `--only a,b`: the versions named, in the order given; an unknown name is a UsageError. */
export function chosenVersions(only: string | undefined): Version[] {
  if (only === undefined) return [...versions];
  const names = only.split(',').filter(Boolean);
  for (const name of names) {
    if (!(versions as readonly string[]).includes(name)) {
      throw new UsageError(`--only ${name}: not a version; choose from ${versions.join(', ')}`);
    }
  }
  if (names.length === 0) throw new UsageError('--only names no version');
  return names as Version[];
}

/** What the command line asks of the four versions: main hands it to report.ts. */
export function readPlan(values: Record<string, unknown>, versions: Version[]) {
  const [sites, times] = [cli.count(values, 'sites'), cli.count(values, 'times')];
  return {
    sites,
    times,
    latencyMs: cli.count(values, 'latency'),
    failAt: failedDownload(cli.optionalCount(values, 'fail'), sites * times),
    versions,
    connections: cli.optionalCount(values, 'connections'),
    sequential: Boolean(values.sequential),
    threads: cli.count(values, 'threads'),
    processes: cli.count(values, 'processes'),
  };
}
export type Plan = ReturnType<typeof readPlan>;

/** `--fail N`: N must name one of the `total` downloads; any other is a UsageError. */
export function failedDownload(failAt: number | undefined, total: number): number | undefined {
  if (failAt !== undefined && failAt >= total) {
    throw new UsageError(`--fail ${failAt} names no download: they are 0 to ${total - 1}`);
  }
  return failAt;
}

/** The flags --many ignores: given with it, each is refused rather than silently dropped. */
const notForMany = ['only', 'sequential', 'times', 'connections', 'threads', 'processes', 'fail'];
/** The flags that only one version reads: given without that version, each is refused. */
const forOneVersion: Record<string, Version> = {
  connections: 'promise-all',
  threads: 'threads',
  processes: 'processes',
};

/** Refuse a flag the chosen part cannot use; `given` are the flags typed, by name. */
export function refuseUnused(given: string[], many: boolean, chosen: Version[]): void {
  for (const name of given) {
    if (many && notForMany.includes(name)) {
      throw new UsageError(`--${name} does not apply to --many, which takes --latency and --sites`);
    }
    const version = forOneVersion[name];
    if (!many && version && !chosen.includes(version)) {
      throw new UsageError(`--${name} applies only to ${version}, which --only leaves out`);
    }
  }
}

// Every open download holds a socket, and every socket is an open file: a batch past
// the open-file limit would end in a flood of socket errors. So it is checked first,
// and refused in one line naming the limit, leaving SPARE files for Node itself.
const SPARE = 100;
export function checkOpenFiles(what: string, sockets: number, instead: (most: number) => string) {
  const { limit, from } = openFileLimit();
  const need = sockets + SPARE;
  if (need <= limit) return limit;
  const or = limit > SPARE ? `, or ${instead(limit - SPARE)}` : '';
  const where = `the open-file limit (ulimit -n, from ${from}) is ${limit}`;
  throw new UsageError(
    `${what} needs ${need} open files, but ${where}: raise it (ulimit -n ${need})${or}`,
  );
}

/** `ulimit -n`, the soft limit, from /proc where Linux has it (else macOS's default, 256). */
function openFileLimit(): { limit: number; from: string } {
  const from = '/proc/self/limits';
  try {
    const line = readFileSync(from, 'utf8').match(/^Max open files\s+(\S+)/m)?.[1];
    if (line === 'unlimited') return { limit: Number.MAX_SAFE_INTEGER, from };
    if (line && /^\d+$/.test(line)) return { limit: Number(line), from };
  } catch {}
  return { limit: 256, from: 'the default assumed without /proc' };
}
