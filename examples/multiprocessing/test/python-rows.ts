// The rows of the root README's "From Python" table that point at this example: each
// names a Python API, the arguments of a run that shows it, and a line of that run's
// output that shows it. multiprocessing.test.ts runs each row's arguments and checks it.
export const pythonRows = [
  {
    python: '`multiprocessing.Process`, `os.getpid()`',
    args: ['--sequential'],
    shows:
      /^Parent process, pid \d+\n# 5 workers as child processes, one after another, each sleeping 2 s\nWorker 0 starting, pid \d+$/m,
  },
];

/** The rows whose command is exactly `args`. */
export function rowsRunBy(args: readonly string[]) {
  return pythonRows.filter((row) => row.args.join(' ') === args.join(' '));
}
