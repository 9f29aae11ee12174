// The --python part: the same job in python3 (python/cpu_bound.py), one job after
// another, with a ThreadPoolExecutor (the GIL lets one thread run at a time) and with
// multiprocessing.Pool, so that Python's table sits beside Node's on the same machine.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The Python twin ships beside src/: python/cpu_bound.py takes a mode, a pool size
// and the numbers, and prints its time and results.
const script = fileURLToPath(new URL('../python/cpu_bound.py', import.meta.url));

// The interpreter `python3` names, asked once: a shim such as pyenv's is a shell
// script that takes a while to start, and would outlive a parent that died meanwhile.
// Undefined where python3 is not installed.
export async function interpreter(): Promise<string | undefined> {
  // python3 -c 'import sys; print(sys.executable)', as execFile: its output whole.
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

// One run of the Python program, `subprocess.run([python, script, mode, ...])`: its
// seconds and results. Its stdin stays open: python3 ends, its pool with it, when this
// process dies, even by SIGKILL (python/die_with_parent.py).
export async function runPython(path: string, mode: string, size: number, numbers: number[]) {
  //   subprocess.Popen([path, script, mode, size, *numbers], stdout=PIPE, stderr=PIPE)
  const python = spawn(path, [script, mode, String(size), ...numbers.map(String)]);
  // Both pipes read as they fill: a pipe nobody reads blocks python3 once it is full.
  let [stdout, stderr] = ['', ''];
  python.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  python.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // 'close', not 'exit': both pipes drained, so the last line is in `stdout`.
  const [code, signal] = (await once(python, 'close')) as [number | null, string | null];
  // A failure says how it ended and quotes python3's last line (its exception).
  if (code !== 0) {
    const said = (stderr || stdout).trim().split('\n').at(-1);
    throw new Error(`python3 ${mode} exited with ${signal ?? `code ${code}`}: ${said}`);
  }
  return parsePythonRun(mode, stdout);
}

// What the Python program printed, one JSON object, or an error that quotes it: never
// a bare JSON error.
export function parsePythonRun(mode: string, stdout: string) {
  //   print(json.dumps({'seconds': ..., 'results': [...]})) on Python's side.
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
