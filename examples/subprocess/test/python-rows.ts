// The rows of the root README's "From Python" table that point at this example: each
// names a Python API, the arguments of a run that shows it, and a line of that run's
// output that shows it. subprocess.test.ts runs each row's arguments and checks the line.
export const pythonRows = [
  {
    python: '`threading.Thread`, `start`, `join`',
    args: [] as string[],
    shows: /^Thread: 4\nMain thread: execution finished$/m,
  },
  {
    python: 'five subprocess that each sleep 2 s',
    args: ['--sequential'],
    shows: /^# 5 subprocess one after another, each sleeping 2 s$/m,
  },
  {
    python: '"Main thread continues..." then `join`',
    args: ['--no-join'],
    shows: /^Main thread: execution finished\nThread: 0$/m,
  },
];

/** The rows whose command is exactly `args`. */
export function rowsRunBy(args: readonly string[]) {
  return pythonRows.filter((row) => row.args.join(' ') === args.join(' '));
}
