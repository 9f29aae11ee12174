// `--python`: the same job in python3 (python/cpu_bound.py) one job after another,
// with a ThreadPoolExecutor and with multiprocessing.Pool, beside Node's in one table.
// Python's loop is far slower per step, so it sums numbers 100 times smaller.
import { execFile, spawn } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { emit } from '@concurrency/trace';
import { type coreWatch, sumOfSquaresExact, type Timed } from './report.ts';

const script = fileURLToPath(new URL('../python/cpu_bound.py', import.meta.url));
export const PYTHON_SHARE = 100;
const modes = {
  sequential: () => 'one job after another',
  threads: (size: number) => `ThreadPoolExecutor(max_workers=${size}), under the GIL`,
  processes: (size: number) => `multiprocessing.Pool(${size})`,
};

/** Python's three rows for the table, or none (said in one line) without python3. */
export async function pythonRows(
  ns: number[],
  size: number,
  beside: ReturnType<typeof coreWatch>,
): Promise<Timed[]> {
  const first = Math.max(1, Math.round(ns[0]! / PYTHON_SHARE));
  const numbers = ns.map((_, x) => first + x);
  const expected = numbers.map(sumOfSquaresExact);
  emit(
    'main',
    'part',
    `# python3, the same job on n / ${PYTHON_SHARE}: ${first} to ${numbers.at(-1)}`,
  );
  const python = await interpreter();
  if (python === undefined) {
    emit('main', 'no-python', 'python3 is not installed: the Python rows are left out');
    return [];
  }
  const rows: Timed[] = [];
  for (const mode of ['sequential', 'threads', 'processes'] as const) {
    emit('main', 'part', `# python3 ${mode}: ${modes[mode](size)}`, { python: mode });
    const run = () => runPython(python, mode, size, numbers);
    const { value, freeCores } = await beside(`python ${mode}`, run);
    const ms = value.seconds * 1000;
    emit('main', 'python', `Duration ${value.seconds.toFixed(3)} seconds`, { mode, ms });
    const note = mode === 'threads' ? ', the GIL lets one run at a time' : '';
    const threads = mode === 'sequential' ? 1 : size;
    rows.push({
      label: `python ${mode}`,
      ms,
      results: value.results,
      expected,
      threads,
      freeCores,
      note,
    });
  }
  return rows;
}

/**
 * The interpreter `python3` names, asked once: a shim such as pyenv's is a shell
 * script that takes a while to start, and would outlive a parent that died meanwhile.
 */
async function interpreter(): Promise<string | undefined> {
  const ask = ['-c', 'import sys; print(sys.executable)'];
  const run = await promisify(execFile)('python3', ask).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const path = run?.stdout.trim();
  if (path === undefined || isAbsolute(path)) return path;
  throw new Error(
    `python3 printed ${JSON.stringify(path.slice(0, 120))}, not the path of its interpreter`,
  );
}

/**
 * One run of the Python program: its seconds and results. Its stdin stays open: python3 reads it in a thread and ends, its pool with
 * it, when it closes, which the kernel does when this process dies, even by SIGKILL.
 */
export async function runPython(path: string, mode: string, size: number, numbers: number[]) {
  const python = spawn(path, [script, mode, String(size), ...numbers.map(String)]);
  let stdout = '';
  let stderr = '';
  python.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  python.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = await new Promise<{ code: number | null; signal: string | null }>(
    (resolve, reject) => {
      python.once('error', reject);
      python.once('close', (code, signal) => resolve({ code, signal }));
    },
  );
  if (ended.code !== 0) {
    const said = (stderr || stdout).trim().split('\n').at(-1);
    throw new Error(`python3 ${mode} exited with ${ended.signal ?? `code ${ended.code}`}: ${said}`);
  }
  return parsePythonRun(mode, stdout);
}

/** What the Python program printed, or an error that quotes it: never a bare JSON error. */
export function parsePythonRun(mode: string, stdout: string) {
  let run: { seconds?: unknown; results?: unknown } | undefined;
  try {
    run = JSON.parse(stdout);
  } catch {
    run = undefined;
  }
  if (typeof run?.seconds === 'number' && Array.isArray(run.results)) {
    return { seconds: run.seconds, results: run.results as number[] };
  }
  const said = JSON.stringify(stdout.trim().slice(0, 120));
  throw new Error(`python3 ${mode} printed ${said}, not its timing`);
}
