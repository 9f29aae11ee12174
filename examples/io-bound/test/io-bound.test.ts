import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  expectCount,
  expectDuration,
  expectPeakConcurrency,
  expectStdoutMatchesTrace,
  expectUsageError,
  HANG_TIMEOUT_MS,
  type RunResult,
  readmeMismatchMasked,
  runExample,
  select,
  startExample,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { UsageError } from '@concurrency/trace';
import { beforeAll, describe, expect, it } from 'vitest';
import { chosenVersions, cli, failedDownload, type Version } from '../src/cli.ts';
import { nominal } from '../src/io-bound.ts';
import { siteBytes } from '../src/sites.ts';
import { figure, finished, requestSpans } from './figure.ts';
import { pythonRows } from './python-rows.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = 0.2;
const versions = ['sequential', 'promise-all', 'threads', 'processes'] as const;
// The spec run: 2 sites x 10 = 20 downloads, each answered after 1 s nominal (200 ms
// here): long beside a request's own cost on a loaded machine; sequential takes 4 s.
const sites = 2;
const times = 10;
const total = sites * times;
const latencyMs = 1000;
// The broken contrast needs no long latency: one request at a time shows at any speed,
// and its specs are checked against the latency it ran with.
const contrastLatencyMs = 250;
const pools = { threads: 5, processes: 2 };
// The flags of a run of `only` (a pool's size is refused where its version is left out).
const argsAt = (latency: number, only: readonly Version[] = versions) => [
  ...['--times', String(times), '--latency', String(latency)],
  ...(only.length < versions.length ? ['--only', only.join(',')] : []),
  ...(only.includes('threads') ? ['--threads', String(pools.threads)] : []),
  ...(only.includes('processes') ? ['--processes', String(pools.processes)] : []),
];
const args = argsAt(latencyMs);

// Every download of a version reached the server once and came back whole.
function everySiteOnceSpec(trace: Trace, version: Version, count = total): void {
  const requests = select(trace, { actor: 'server', event: 'request', version });
  expect(requests.map((each) => each.id).sort((a, b) => Number(a) - Number(b))).toEqual(
    Array.from({ length: count }, (_, id) => id),
  );
  expectCount(trace, { event: 'downloaded', version }, count);
  for (const each of select(trace, { event: 'downloaded', version })) {
    expect(each.bytes).toBe(siteBytes(each.site as number));
  }
}

// How long the server was busy with a version: from its first request (for a pool,
// from the moment all its members had a request in: their boot is not the claim) to
// its last answer.
const serverSpan = (version: Version, nominalMs: number, atMost: number) => ({
  from: { actor: 'server', event: version in pools ? 'open' : 'request', version },
  to: { actor: 'server', event: 'respond', version },
  nominalMs,
  scale,
  atMost,
});

// One at a time: never two requests open, and the whole takes at least N latencies.
function sequentialSpec(trace: Trace): void {
  expectPeakConcurrency(trace, requestSpans('sequential'), { atLeast: 1, atMost: 1 });
  expectDuration(trace, serverSpan('sequential', total * latencyMs, 4));
}

// All at once: the whole batch open together, done within a few latencies (the bound
// sits halfway between one latency and the N a one-by-one run takes).
function allAtOnceSpec(trace: Trace, { batch = total, latency = latencyMs } = {}): void {
  expectPeakConcurrency(trace, requestSpans('promise-all'), { atLeast: batch, atMost: batch });
  expectDuration(trace, serverSpan('promise-all', (total / batch) * latency, (1 + total) / 2));
}

// What a member of a pool spends between two downloads (its outcome's way back, its
// ask over the channel, the next URL's way out, the next request): measured in the run
// itself, the median gap between the server's answer to a member and its next request.
// A loaded machine stretches it to a good part of a latency, and every round pays it.
function memberGapMs(trace: Trace, version: Version): number {
  const server = (event: string) =>
    new Map(select(trace, { actor: 'server', event, version }).map((each) => [each.id, each.t]));
  const [requested, answered] = [server('request'), server('respond')];
  const downloads = select(trace, { event: 'downloaded', version });
  const gaps = [...new Set(downloads.map((each) => each.actor))].flatMap((member) => {
    const ids = downloads.filter((each) => each.actor === member).map((each) => each.id);
    return ids.slice(1).map((id, i) => requested.get(id)! - answered.get(ids[i]!)!);
  });
  return gaps.sort((a, b) => a - b)[gaps.length >> 1] ?? 0;
}

// A pool of `size`: exactly that many open at once, the queue drained in rounds. Each
// round is a latency plus the run's own gap between downloads; the bound sits halfway
// between the rounds a pool needs and the N a one-at-a-time run takes, and the minimum
// stays 0.9 of the latencies alone.
function poolSpec(trace: Trace, version: 'threads' | 'processes', latency = latencyMs): void {
  const size = pools[version];
  expectPeakConcurrency(trace, requestSpans(version), { atLeast: size, atMost: size });
  const rounds = Math.ceil(total / size);
  const round = latency + memberGapMs(trace, version) / scale;
  const atMost = (rounds + total) / 2 / rounds;
  expectDuration(trace, {
    ...serverSpan(version, rounds * round, atMost),
    atLeast: (0.9 * latency) / round,
  });
}

describe('the default run, as `pnpm start` runs it', () => {
  let run: RunResult;
  // 640 requests and two pools: on a loaded machine it needs longer than one run.
  beforeAll(async () => {
    run = await runExample(packageDir, { scale, args: [], hangTimeoutMs: 3 * HANG_TIMEOUT_MS });
  }, 3 * HANG_TIMEOUT_MS);

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('shows 1, 160, 5 and the CPU count in flight at once, and says nothing fell short', () => {
    const all = nominal.sites * nominal.times;
    for (const version of versions) everySiteOnceSpec(run.trace, version, all);
    const cpus = availableParallelism();
    expect(figure(run.trace, scale)).toEqual({
      text: expect.stringMatching(
        new RegExp(
          `^in flight at once: sequential 1, Promise\\.all ${all}, threads 5, processes ${cpus}; Promise\\.all \\d+x sequential$`,
        ),
      ),
      shown: true,
    });
    expect(run.stdout).not.toMatch(/Not shown/);
  });

  it('announces each wait before it, and says on the line when pool start-up is left out', () => {
    const lines = run.stdout.split('\n');
    for (const version of versions) {
      const at = lines.findIndex((line) => line.startsWith('Downloaded'));
      expect(lines[at - 1]).toMatch(/^# .*(\.\.\.|a connection each)$/);
      const pool = version === 'threads' || version === 'processes';
      expect(lines[at]).toMatch(
        pool
          ? /, not counting \d+\.\d+ s of pool start-up$/
          : /^Downloaded 160 sites in \d+\.\d+ seconds$/,
      );
      lines.splice(0, at + 1);
    }
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
  });

  it('the README shows this run (times masked, and the pool of processes, which is the CPU count)', () => {
    const mask = (line: string) => {
      const masked = line.replace(/\d+\.\d+/g, 'X').replace(/ +/g, ' ');
      return /process/.test(line) ? masked.replace(/\d+/g, 'N') : masked;
    };
    expect(readmeMismatchMasked(`${packageDir}/README.md`, run.stdout, mask)).toBeUndefined();
  });
});

describe('the spec run: 20 downloads, 200 ms each', () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runExample(packageDir, { scale, args, hangTimeoutMs: 2 * HANG_TIMEOUT_MS });
  }, 2 * HANG_TIMEOUT_MS);

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('every version downloads every site exactly once, with its full body', () => {
    for (const version of versions) everySiteOnceSpec(run.trace, version);
  });

  it('sequential: the server never has two requests open, and it takes N latencies', () => {
    sequentialSpec(run.trace);
  });

  it('Promise.all: the server has the whole batch open at once, done in a few latencies', () => {
    allAtOnceSpec(run.trace);
  });

  it('the pools: as many requests open as threads (5) and processes (2)', () => {
    poolSpec(run.trace, 'threads');
    poolSpec(run.trace, 'processes');
  });

  it('every member of each pool downloads some: none sits idle while URLs are left', () => {
    for (const version of ['threads', 'processes'] as const) {
      const members = select(run.trace, { event: 'downloaded', version }).map((e) => e.actor);
      expect(new Set(members).size).toBe(pools[version]);
    }
  });

  it('each keeps its connections open from download to download, as a requests.Session does', () => {
    // One socket for sequential, one per thread and per process (each has its own
    // Agent), and one per download for Promise.all (its Agent has no cap).
    const expected = { sequential: 1, 'promise-all': total, ...pools };
    for (const version of versions) {
      const requests = select(run.trace, { actor: 'server', event: 'request', version });
      expect(new Set(requests.map((each) => each.port)).size, version).toBe(expected[version]);
    }
  });

  it('each printed time and count is the one the trace holds', () => {
    const printed = [...run.stdout.matchAll(/^Downloaded (\d+) sites in (\d+\.\d+) seconds/gm)];
    expect(printed.map((m) => Number(m[1]))).toEqual(versions.map(() => total));
    for (const [i, version] of versions.entries()) {
      expect(Number(printed[i]![2])).toBeCloseTo(finished(run.trace, version).ms / 1000, 3);
      const row = run.stdout.split('\n').find((line) => line.startsWith(`${version} `));
      const peak = expectPeakConcurrency(run.trace, requestSpans(version), { atLeast: 1 }).peak;
      expect(row?.split(/\s+/)[3]).toBe(String(peak));
    }
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
  });
});

describe('the broken contrast fails the spec, every run', () => {
  it('--sequential: Promise.all and the threads download one at a time, and their specs fail', async () => {
    const run = await runExample(packageDir, {
      scale,
      args: [...argsAt(contrastLatencyMs, ['promise-all', 'threads']), '--sequential'],
    });
    expect(run).toMatchObject({ exitCode: 0, leftBehind: false });
    everySiteOnceSpec(run.trace, 'promise-all');
    const latency = contrastLatencyMs;
    expect(() => allAtOnceSpec(run.trace, { latency })).toThrow(TraceCheckError);
    expect(() => poolSpec(run.trace, 'threads', latency)).toThrow(TraceCheckError);
    expectPeakConcurrency(run.trace, requestSpans('threads'), { atMost: 1 });
    // One queue, not a share each: the first thread, run to its end alone, took every
    // URL, and the four after it found the queue empty. A static split gives it 4.
    const takers = select(run.trace, { event: 'downloaded', version: 'threads' });
    expect(new Set(takers.map((each) => each.actor))).toEqual(new Set(['thread-0']));
    expect(run.stdout).toMatch(/^Not shown: the server saw 1 in flight at once, not 5$/m);
  });
});

describeCommandLine(packageDir, cli);

describe.concurrent('the Python table: each row its command, and a line that shows its API', () => {
  for (const row of pythonRows) {
    it(`${row.python}: ${row.args.join(' ')}`, async () => {
      const run = await runExample(packageDir, { scale, args: row.args });
      expect(run).toMatchObject({ exitCode: 0, stderr: '' });
      expect(run.stdout).toMatch(row.shows);
    });
  }
});

describe.concurrent('limits, scale and failures', () => {
  it('--connections 4: Promise.all never has more than 4 requests open, and has 4', async () => {
    const run = await runExample(packageDir, {
      scale,
      args: [...argsAt(latencyMs, ['promise-all']), '--connections', '4'],
    });
    expect(run.exitCode).toBe(0);
    everySiteOnceSpec(run.trace, 'promise-all');
    allAtOnceSpec(run.trace, { batch: 4 });
  });

  // A thousand sockets open at once: ten times aiohttp's default cap of 100.
  it('--many 1000: the whole batch is in flight at once on one thread, and it says what threads would cost', async () => {
    const run = await runExample(packageDir, { scale, args: ['--many', '1000'] });
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
    expectPeakConcurrency(run.trace, requestSpans('many'), { atLeast: 1000, atMost: 1000 });
    const downloads = select(run.trace, { event: 'downloaded' });
    expect(new Set(downloads.map((each) => each.id)).size).toBe(1000);
    expect(new Set(downloads.map((each) => each.tid))).toEqual(new Set([0]));
    expect(run.stdout).toMatch(
      /^Open-file limit \d+ \(ulimit -n\): 1000 sockets leave \d+ spare$/m,
    );
    expect(run.stdout).toMatch(
      /^Downloaded 1000 sites in \d+\.\d+ seconds, 1000 in flight at once, peak memory \d+\.\d MB$/m,
    );
    expect(run.stdout).toMatch(
      /^A worker thread costs \d+\.\d ms to start and \d+\.\d MB: 1000 of them would need/m,
    );
  });

  it('--many past the open-file limit is refused in one line, exit 2', async () => {
    const run = await runExample(packageDir, { scale, args: ['--many', '1000000'] });
    expectUsageError(run, 'open files, but the open-file limit (ulimit -n');
  });

  it('a 500 and a reset make it name both failed downloads, stop and exit 1', async () => {
    const run = await runExample(packageDir, {
      scale,
      args: ['--times', '3', '--only', 'sequential,threads', '--fail', '2'],
    });
    expect(run).toMatchObject({ exitCode: 1, timedOut: false, leftBehind: false });
    expect(run.stderr).toMatch(
      /^io-bound: 2 downloads failed in sequential: #2 site-0 \(HTTP 500\), #3 site-1 \(\w+\)$/,
    );
  });

  it('Ctrl-C while the processes download leaves nothing running', async () => {
    const running = startExample(packageDir, { scale, args: argsAt(latencyMs, ['processes']) });
    await running.waitForOutput(/^# child processes/);
    // Ctrl-C in a terminal signals the whole foreground process group, children too.
    process.kill(-running.pid, 'SIGINT');
    const run = await running.done;
    expect(run).toMatchObject({ signal: 'SIGINT', timedOut: false, leftBehind: false });
  });

  // Pure checks of the arguments, made in this process: main throws their UsageError
  // as it throws --many's above, which exits 2 with one line.
  it('a --fail naming no download is refused, and so is an unknown version', () => {
    expect(() => failedDownload(160, nominal.sites * nominal.times)).toThrow(
      new UsageError('--fail 160 names no download: they are 0 to 159'),
    );
    expect(() => chosenVersions('threads,gevent')).toThrow(
      new UsageError(
        '--only gevent: not a version; choose from sequential, promise-all, threads, processes',
      ),
    );
  });
});
