// `--python`: the same job in python3 (python/cpu_bound.py) one job after another,
// with a ThreadPoolExecutor and with multiprocessing.Pool, beside Node's in one table.
// Python's loop is far slower per step, so it sums numbers 100 times smaller.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { emit } from '@concurrency/trace';
import { type coreWatch, type Row, sumOfSquaresExact } from './report.ts';

const script = fileURLToPath(new URL('../python/cpu_bound.py', import.meta.url));
export const PYTHON_SHARE = 100;
const how = (size: number) => ({
  sequential: 'one job after another',
  threads: `ThreadPoolExecutor(max_workers=${size}), under the GIL`,
  processes: `multiprocessing.Pool(${size})`,
});

/** Python's three rows for the table, or none (said in one line) without python3. */
export async function pythonRows(ns: number[], size: number, beside: ReturnType<typeof coreWatch>) {
  const numbers = ns.map((_, x) => Math.max(1, Math.round(ns[0]! / PYTHON_SHARE)) + x);
  const header = `# python3, the same job on n / ${PYTHON_SHARE}: ${numbers[0]} to ${numbers.at(-1)}`;
  emit('main', 'part', header);
  const python = await interpreter();
  if (python === undefined) {
    emit('main', 'no-python', 'python3 is not installed: the Python rows are left out');
    return [];
  }
  const rows: Row[] = [];
  const expected = numbers.map(sumOfSquaresExact);
  for (const mode of ['sequential', 'threads', 'processes'] as const) {
    emit('main', 'part', `# python3 ${mode}: ${how(size)[mode]}`, { python: mode });
    const run = () => runPython(python, mode, size, numbers);
    const { value, freeCores } = await beside(`python ${mode}`, run);
    emit('main', 'python', `Duration ${value.seconds.toFixed(3)} seconds`, { mode });
    const threads = mode === 'sequential' ? 1 : size;
    const note = mode === 'threads' ? ', the GIL lets one run at a time' : '';
    const row = { label: `python ${mode}`, ms: value.seconds * 1000, results: value.results };
    rows.push({ ...row, expected, threads, freeCores, note });
  }
  return rows;
}

// The interpreter `python3` names, asked once: a shim such as pyenv's is a shell
// script that takes a while to start, and would outlive a parent that died meanwhile.
async function interpreter(): Promise<string | undefined> {
  const ask = ['-c', 'import sys; print(sys.executable)'];
  const run = await promisify(execFile)('python3', ask).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  const path = run?.stdout.trim();
  if (path === undefined || isAbsolute(path)) return path;
  throw new Error(
    `python3 printed ${JSON.stringify(path.slice(0, 120))}, not the path of its interpreter`,
  );
}

/**
 * One run of the Python program: its seconds and results. Its stdin stays open:
 * python3 ends, its pool with it, when this process dies, even by SIGKILL.
 */
export async function runPython(path: string, mode: string, size: number, numbers: number[]) {
  const python = spawn(path, [script, mode, String(size), ...numbers.map(String)]);
  let [stdout, stderr] = ['', ''];
  python.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  python.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code, signal] = (await once(python, 'close')) as [number | null, string | null];
  if (code !== 0) {
    const said = (stderr || stdout).trim().split('\n').at(-1);
    throw new Error(`python3 ${mode} exited with ${signal ?? `code ${code}`}: ${said}`);
  }
  return parsePythonRun(mode, stdout);
}

/** What the Python program printed, or an error that quotes it: never a bare JSON error. */
export function parsePythonRun(mode: string, stdout: string) {
  let run: { seconds?: unknown; results?: unknown } | null;
  try {
    run = JSON.parse(stdout);
  } catch {
    run = null;
  }
  if (typeof run?.seconds === 'number' && Array.isArray(run.results)) {
    return run as { seconds: number; results: number[] };
  }
  throw new Error(
    `python3 ${mode} printed ${JSON.stringify(stdout.trim().slice(0, 120))}, not its timing`,
  );
}
