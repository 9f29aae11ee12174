import { fileURLToPath } from 'node:url';
import {
  expectStdoutMatchesTrace,
  expectUsageError,
  HANG_TIMEOUT_MS,
  type RunResult,
  readmeMismatchMasked,
  readmeOutput,
  runExample,
  select,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { burnCpu } from '@concurrency/trace';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import type { Part } from '../src/cpu-task.ts';
import { nominal } from '../src/setup.ts';
import { checksums } from './checksums.ts';
import { figure } from './figure.ts';
import { pythonRows } from './python-rows.ts';
import {
  calibrationHeld,
  expectJobError,
  inlineSpec,
  jobMs,
  jobs,
  longestGap,
  offloadedSpec,
  parts,
  processesOverlapSpec,
  realWorkSpec,
} from './specs.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = `${packageDir}/README.md`;
// At 0.2 a 2 s job burns 400 ms of CPU: long beside the tens of ms a busy machine
// may keep main waiting for a core, short enough for a quick test.
const scale = 0.2;
const run = (args: string[] = [], env: Record<string, string> = {}) =>
  runExample(packageDir, { scale, args, env });

// The three runs the specs below read, each made once, one after another: as a person
// runs it, the broken contrast, and piscina.
let result: RunResult;
let inline: RunResult;
let piscina: RunResult;
// A run whose calibration ran before V8 had compiled its fastest code (calibrationHeld)
// sized its jobs by a rate several times too slow: it is set aside, as its own jobs
// measured it, and the program runs again, three runs at most, judged on the last.
async function calibratedRun(args: string[] = [], only?: Part[]): Promise<RunResult> {
  for (let attempts = 1; ; attempts++) {
    const each = await run(args);
    if (attempts === 3 || each.exitCode !== 0 || calibrationHeld(each.trace, only)) return each;
  }
}
beforeAll(async () => {
  result = await calibratedRun();
}, 3 * HANG_TIMEOUT_MS);
beforeAll(async () => {
  inline = await run(['--inline']);
});
beforeAll(async () => {
  piscina = await calibratedRun(['--piscina', '--only', 'to-thread'], ['to-thread']);
}, 3 * HANG_TIMEOUT_MS);
// What burnCpu gives for every job of the three runs, computed here in one pass:
// seconds of CPU of this test's own, which a loaded machine stretched past the 30 s a
// hook gets by default. Its limit is a hang catcher.
let burnCpuGives: Map<number, number>;
beforeAll(() => {
  const finishes = [result, inline, piscina].flatMap((each) =>
    select(each.trace, { event: 'finish' }),
  );
  burnCpuGives = checksums(finishes.map((finish) => finish.units as number));
}, 4 * HANG_TIMEOUT_MS);

it('the checksums computed here in one pass are burnCpu’s own, across a chunk’s edge', () => {
  const sizes = [0, 1, 1000, 2 ** 20 - 1, 2 ** 20, 2 ** 20 + 1, 2 ** 21 + 5];
  const found = checksums(sizes);
  expect(sizes.map((size) => found.get(size))).toEqual(sizes.map(burnCpu));
});

/** Every job's checksum is what burnCpu gives for its units (computed here, above). */
function expectCorrectResults(result: RunResult, only = parts): void {
  for (const part of only) {
    for (const finish of jobs(result.trace, part)) {
      expect(finish.checksum).toBe(burnCpuGives.get(finish.units as number));
    }
    const squares = select(result.trace, { actor: 'main', event: 'result', part });
    expect(squares.map((event) => event.square)).toEqual(
      squares.map((event) => (event.n as number) ** 2),
    );
    expect(squares.length).toBe(jobs(result.trace, part).length);
  }
}

describe('offload-cpu, run as a person runs it', () => {
  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(result).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('the thread and the processes return the right results', () => {
    expectCorrectResults(result);
  });

  it('main’s heartbeat never stalls for half a job while the jobs run elsewhere', () => {
    offloadedSpec(result.trace);
  });

  it('the jobs are real work: each lasts as long as its size, at the rate calibrated for this run', () => {
    realWorkSpec(result.trace);
    // And long beside main's heartbeat, so a short gap means something.
    for (const part of parts) {
      for (const finish of jobs(result.trace, part)) {
        expect(jobMs(result.trace, finish)).toBeGreaterThan(4 * nominal.beatMs * scale);
      }
    }
  });

  it('a calibration that ran slower than its jobs is told apart, as is a job that skipped its work', () => {
    expect(calibrationHeld(result.trace)).toBe(true);
    // A tenth of the rate: what a calibration made before V8's fastest code arrives.
    const slowCalibration = result.trace.map((e) =>
      e.event === 'calibrated' ? { ...e, unitsPerMs: (e.unitsPerMs as number) / 10 } : e,
    );
    expect(calibrationHeld(slowCalibration)).toBe(false);
    // A job that did not burn its units took next to no CPU: never a held calibration.
    const skipped = result.trace.map((e) => (e.event === 'finish' ? { ...e, cpuMs: 0 } : e));
    expect(calibrationHeld(skipped)).toBe(false);
  });

  it('the two processes burn at the same time: the trace shows both jobs open at once', () => {
    processesOverlapSpec(result.trace);
  });

  it('the job times it prints are the spans its trace shows', () => {
    const printed = [
      ...result.stdout.matchAll(/: done in (\d+) ms \((\d+) ms on a core\), (\d) \* /g),
    ];
    const finishes = parts.flatMap((part) => jobs(result.trace, part));
    expect(printed).toHaveLength(finishes.length);
    for (const finish of finishes) {
      const line = printed.find(([text]) => finish.text?.includes(text));
      expect(line, finish.text).toBeDefined();
      expect(Math.abs(Number(line![1]) - jobMs(result.trace, finish))).toBeLessThanOrEqual(1);
      // The CPU time it prints beside, which says why a job took longer than its size
      // (it waited for a core), is the one the trace records.
      expect(Number(line![2])).toBe(finish.cpuMs);
    }
  });

  it('the gaps it prints are the gaps its trace shows', () => {
    const printed = [...result.stdout.matchAll(/^Main: longest heartbeat gap (\d+) ms$/gm)];
    expect(printed.map((line) => Number(line[1]))).toHaveLength(parts.length);
    for (const [i, part] of parts.entries()) {
      const measured = longestGap(result.trace, part).ms;
      expect(Math.abs(Number(printed[i]![1]) - measured), part).toBeLessThanOrEqual(1);
    }
  });

  it('its figure reads a short gap beside a long job', () => {
    const shown = figure(result.trace, scale);
    expect(shown.shown).toBe(true);
    const read = shown.text.match(
      /^longest heartbeat gap (\d+) ms during a (\d+) ms CPU job in a thread, (\d+) ms with jobs in 2 processes$/,
    );
    const [threadGap, job] = [Number(read?.[1]), Number(read?.[2])];
    expect(threadGap).toBeLessThanOrEqual(job / 2 + 1);
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(result.stdout, result.trace);
  });

  // The root README's Python table sends readers to this run for these APIs.
  it.each(pythonRows)('shows the Python table row $python', ({ args, shows }) => {
    expect(args).toEqual([]);
    expect(result.stdout).toMatch(shows);
  });

  it('the README’s own numbers keep the promise its text makes: each gap under half a job', () => {
    // The block's milliseconds are masked in the comparison below (they change every
    // run), so they are held to the claim here: in each part, the printed gap is
    // under half the shortest job the same block prints.
    const block = readmeOutput(readme).join('\n');
    const sections = block.split(/^# /m).filter(Boolean);
    expect(sections).toHaveLength(parts.length);
    for (const section of sections) {
      const jobsMs = [...section.matchAll(/done in (\d+) ms/g)].map((m) => Number(m[1]));
      const gap = Number(/longest heartbeat gap (\d+) ms/.exec(section)?.[1]);
      expect(jobsMs.length).toBeGreaterThan(0);
      expect(gap, section).toBeLessThan(Math.min(...jobsMs) / 2);
    }
  });

  it('the README shows the output of a real run, but for the measured milliseconds', () => {
    const masked = (line: string) => line.replace(/\d+ ms\b/g, 'N ms');
    expect(readmeMismatchMasked(readme, result.stdout, masked)).toBeUndefined();
  });
});

describe('the broken contrast fails the spec, every run', () => {
  it('--inline: the same jobs on main’s thread stall its heartbeat for a whole job', () => {
    expect(inline).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
    expectCorrectResults(inline);
    inlineSpec(inline.trace);
    expect(() => offloadedSpec(inline.trace)).toThrow(TraceCheckError);
    expect(() => processesOverlapSpec(inline.trace)).toThrow(TraceCheckError);
    expect(figure(inline.trace, scale)).toMatchObject({
      shown: false,
      reason: 'the jobs ran on main’s own thread (--inline)',
    });
  });
});

describe('piscina, the production thread pool, does the same', () => {
  it('--piscina: right result, and the heartbeat keeps going', () => {
    expect(piscina).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
    expect(select(piscina.trace, { actor: 'piscina-thread', event: 'finish' })).toHaveLength(1);
    expectCorrectResults(piscina, ['to-thread']);
    realWorkSpec(piscina.trace, ['to-thread']);
    offloadedSpec(piscina.trace, ['to-thread']);
  });
});

describe.concurrent('failures are reported, never hidden, and nothing hangs', () => {
  // A process's job failing is the same claim, checked in pool-faults.test.ts on the
  // run that also shows the failure ending that run at once.
  it.each([
    [['--fail', 'thread', '--only', 'to-thread'], /at .*worker\.ts/],
    [['--fail', 'thread', '--piscina', '--only', 'to-thread'], /at .*piscina-worker\.ts/],
  ])('%j: main rejects with the job’s own error and stack, exit 1', async (args, where) => {
    expectJobError(await run(args, { CONCURRENCY_DEBUG: '1' }), where);
  });

  it('without CONCURRENCY_DEBUG the failure is one line', async () => {
    const result = await run(['--fail', 'thread', '--only', 'to-thread']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe('offload-cpu: cpu_bound_task(2) failed on purpose');
  });

  it.each([
    [['--fail', 'everything'], '--fail must be thread or process, got "everything"'],
    [['--only', 'gather'], '--only must be to-thread or executor, got "gather"'],
    [['--inline', 'yes'], "Unexpected argument 'yes'"],
  ])('bad flags %j exit 2 with one line: %s', async (args, message) => {
    expectUsageError(await run(args), message);
  });
});

describeCommandLine(packageDir, cli);
