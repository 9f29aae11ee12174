// The rows of the root README's "From Python" table that point at this example: each
// names a Python API, the arguments of a run that shows it, and a line of that run's
// output that shows it. cpu-bound.test.ts runs each row's arguments and checks the line.
export const pythonRows = [
  {
    python: '`sum(i * i ...)`: threads under the GIL',
    args: ['--python'],
    shows: /^# python3 threads: ThreadPoolExecutor\(max_workers=\d+\), under the GIL$/m,
  },
  {
    python: '`sum(i * i ...)`: `multiprocessing.Pool`',
    args: ['--only', 'processes'],
    shows: /^# child processes: a pool of (\d+), as multiprocessing\.Pool\(\1\)$/m,
  },
  {
    python: 'the same job in Python 3, beside it',
    args: ['--python'],
    shows: /^python sequential .*\npython threads .*\npython processes .*$/m,
  },
];

/** The rows whose command is exactly `args`. */
export function rowsRunBy(args: readonly string[]) {
  return pythonRows.filter((row) => row.args.join(' ') === args.join(' '));
}
