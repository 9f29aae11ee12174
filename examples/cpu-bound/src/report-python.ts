// `--python`'s rows of the table: python.ts runs each of Python's three versions,
// timed between two measurements of the cores free, as Node's are. Python's loop is
// far slower per step, so it sums numbers 100 times smaller.
import { emit } from '@concurrency/trace';
import { interpreter, runPython } from './python.ts';
import { type coreWatch, type Row, sumOfSquaresExact } from './report.ts';

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
