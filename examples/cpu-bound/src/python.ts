// `--python`: the same numbers through python3, sequentially, with threads and with
// multiprocessing.Pool, so the GIL's answer stands beside Node's in one table.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const script = fileURLToPath(new URL('../python/cpu_bound.py', import.meta.url));
export type PythonMode = 'sequential' | 'threads' | 'processes';

/** Seconds and results from one python3 run, or undefined when python3 is not installed. */
export async function runPython(
  mode: PythonMode,
  workers: number,
  numbers: number[],
): Promise<{ seconds: number; results: number[] } | undefined> {
  try {
    const { stdout } = await promisify(execFile)(
      'python3',
      [script, mode, String(workers), ...numbers.map(String)],
      { timeout: 600_000, killSignal: 'SIGKILL' },
    );
    return JSON.parse(stdout);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}
