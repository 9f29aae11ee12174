import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TIME_SCALE_VAR, TRACE_FILE_VAR } from '@concurrency/trace';
import { execa } from 'execa';
import { bundledEntry } from './example-bundle.ts';
import { livingMembers } from './process-group.ts';
import { HANG_TIMEOUT_MS } from './timeouts.ts';
import { readTrace, type Trace } from './trace-file.ts';

export interface RunOptions {
  /** Command-line arguments after `src/main.ts`. */
  args?: readonly string[];
  /** The time scale every sleep is multiplied by (CONCURRENCY_TIME_SCALE). */
  scale?: number | string;
  env?: Record<string, string>;
  /** Catches a hang, nothing more: the whole process tree is killed when it runs out. */
  hangTimeoutMs?: number;
  /** The entry to run, relative to the package; `src/main.ts` unless said. */
  entry?: string;
}

export interface RunResult {
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  trace: Trace;
  timedOut: boolean;
  /** True if a process of the run's group was still alive after the main one exited. */
  leftBehind: boolean;
  wallMs: number;
}

export interface RunningExample {
  pid: number;
  /** Resolves once stdout has shown a line matching `pattern`: a handshake, not a sleep. */
  waitForOutput(pattern: RegExp): Promise<string>;
  signal(name: NodeJS.Signals): void;
  done: Promise<RunResult>;
}

/**
 * Run an example as a real process: `node --import tsx src/main.ts ...args` in its
 * package folder, with its own trace file and time scale. The process leads its
 * own process group, so a hang, or anything it left running, is killed as a tree.
 */
export function startExample(packageDir: string, options: RunOptions = {}): RunningExample {
  const traceDir = mkdtempSync(join(tmpdir(), 'concurrency-trace-'));
  const traceFile = join(traceDir, 'trace.jsonl');
  const started = performance.now();
  const entry = options.entry ?? 'src/main.ts';
  const bundle = bundledEntry(packageDir, entry);
  const start = bundle ? ['--enable-source-maps', bundle] : ['--import', 'tsx', entry];
  const subprocess = execa(process.execPath, [...start, ...(options.args ?? [])], {
    cwd: packageDir,
    // The test runner's own colour settings are not passed on: Node warns on
    // stderr when it finds both FORCE_COLOR and NO_COLOR, and stderr must be empty.
    env: {
      ...withoutColour(process.env),
      ...options.env,
      [TRACE_FILE_VAR]: traceFile,
      [TIME_SCALE_VAR]: String(options.scale ?? 1),
    },
    extendEnv: false,
    detached: true,
    reject: false,
    stdin: 'ignore',
  });
  const pid = subprocess.pid!;
  const killGroup = (signal: NodeJS.Signals): boolean => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false;
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup('SIGKILL');
  }, options.hangTimeoutMs ?? HANG_TIMEOUT_MS);

  let seen = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  subprocess.stdout?.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
    for (const waiter of [...waiters]) {
      const line = seen.split('\n').find((candidate) => waiter.pattern.test(candidate));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });

  const done = subprocess.then(async (result) => {
    clearTimeout(timer);
    const leftBehind = await groupOutlives(pid, LEFT_BEHIND_GRACE_MS);
    if (leftBehind) killGroup('SIGKILL');
    const trace = readTrace(traceFile);
    rmSync(traceDir, { recursive: true, force: true });
    return {
      exitCode: result.exitCode,
      signal: result.signal ?? undefined,
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      trace,
      timedOut,
      leftBehind,
      wallMs: performance.now() - started,
    };
  });

  return {
    pid,
    waitForOutput(pattern) {
      const line = seen.split('\n').find((candidate) => pattern.test(candidate));
      if (line !== undefined) return Promise.resolve(line);
      return new Promise<string>((resolve, reject) => {
        waiters.push({ pattern, resolve });
        done.then(() => reject(new Error(`the run ended before printing ${pattern}`)));
      });
    },
    signal: (name) => {
      subprocess.kill(name);
    },
    done,
  };
}

// Helpers that end when their parent does (tsx's esbuild service sees its stdin
// close) take a moment to go; a process still in the group after this is a leak.
const LEFT_BEHIND_GRACE_MS = 1000;

/** True if a living member of the process group is still there after `graceMs`. */
async function groupOutlives(pgid: number, graceMs: number): Promise<boolean> {
  const deadline = performance.now() + graceMs;
  while (livingMembers(pgid).length > 0) {
    if (performance.now() > deadline) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

function withoutColour(env: NodeJS.ProcessEnv): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && key !== 'FORCE_COLOR' && key !== 'NO_COLOR') copy[key] = value;
  }
  return copy;
}

/** Run an example to its end and hand back its output, exit code and trace. */
export function runExample(packageDir: string, options: RunOptions = {}): Promise<RunResult> {
  return startExample(packageDir, options).done;
}
