import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TIME_SCALE_VAR, TRACE_FILE_VAR } from '@concurrency/trace';
import { execa } from 'execa';
import { bundledEntry } from './example-bundle.ts';
import { livingMembers, stoppedMembers } from './process-group.ts';
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
  /**
   * How long the group's other members may outlive the main process before they count
   * as left behind (1 s unless said). Longer only where a child may still be booting
   * when its parent goes: it cannot notice before its own code runs, which a loaded
   * machine can delay by seconds.
   */
  leftBehindGraceMs?: number;
}

export interface RunResult {
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  trace: Trace;
  /**
   * True if the run was still going at its hang timeout and was killed there (SIGKILL
   * to its whole group): its exit code and signal say how it was stopped, not how it
   * would have ended.
   */
  timedOut: boolean;
  /**
   * True if any process of the run's group, even a single one, was still alive a
   * moment after the main one exited (it is killed then): a child or a worker's
   * helper the program forgot. A leftover that holds stdout open counts the same.
   */
  leftBehind: boolean;
  /** The command lines of what was left behind, for the failure message. */
  leftBehindCommands: string[];
  wallMs: number;
}

export interface RunningExample {
  pid: number;
  /** Resolves once stdout has shown a line matching `pattern`: a handshake, not a sleep. */
  waitForOutput(pattern: RegExp): Promise<string>;
  signal(name: NodeJS.Signals): void;
  /** True once the main process has exited (its group may still be looked at). */
  hasExited(): boolean;
  /**
   * Resolves once a process of the run has stopped itself at the event named in
   * STOP_AT_VAR (see @concurrency/trace), with that process's pid; rejects if the run
   * ends first. The test acts on the frozen run, then sends SIGCONT to its group.
   */
  waitForStop(): Promise<number>;
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
  // A JavaScript entry (the harness's own fixtures) needs no loader.
  const plain = bundle ?? (/\.m?js$/.test(entry) ? entry : undefined);
  const start = plain ? ['--enable-source-maps', plain] : ['--import', 'tsx', entry];
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
  let exited = false;
  // Once main has exited, the timeout still kills what is left (a process outside the
  // group may hold stdout open), but the run itself did not hang.
  const timer = setTimeout(() => {
    if (!exited) timedOut = true;
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

  // What is left of the group once the main process has exited, looked at from its
  // 'exit' (not from the end of its output: a leftover that inherited stdout keeps the
  // pipe open, and the run would look hung until the timeout killed everything).
  let leftovers: Promise<string[]> = Promise.resolve([]);
  subprocess.once('exit', () => {
    exited = true;
    leftovers = groupOutlives(pid, options.leftBehindGraceMs ?? LEFT_BEHIND_GRACE_MS).then(
      (left) => {
        if (left.length > 0) killGroup('SIGKILL');
        return left;
      },
    );
  });

  const done = subprocess.then(async (result) => {
    clearTimeout(timer);
    const left = await leftovers;
    const trace = readTrace(traceFile);
    rmSync(traceDir, { recursive: true, force: true });
    return {
      exitCode: result.exitCode,
      signal: result.signal ?? undefined,
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      trace,
      timedOut,
      leftBehind: left.length > 0,
      leftBehindCommands: left,
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
    hasExited: () => exited,
    async waitForStop() {
      for (;;) {
        const [member] = stoppedMembers(pid);
        if (member) return member.pid;
        if (exited) throw new Error('the run ended before any of its processes stopped');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    done,
  };
}

// Helpers that end when their parent does (tsx's esbuild service sees its stdin
// close) take a moment to go; a process still in the group after this is a leak.
const LEFT_BEHIND_GRACE_MS = 1000;

/** The command lines of the group's living members still there after `graceMs`, if any. */
export async function groupOutlives(pgid: number, graceMs: number): Promise<string[]> {
  const deadline = performance.now() + graceMs;
  for (;;) {
    const members = livingMembers(pgid);
    if (members.length === 0) return [];
    if (performance.now() > deadline) return members.map((member) => member.command);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
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
