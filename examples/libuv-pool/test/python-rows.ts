// The rows of the root README's "From Python" table that point at this example: each
// names a Python API, the arguments of a run that shows it, and a line of that run's
// output that shows it. libuv-pool.test.ts runs each row's arguments and checks the line.
export const pythonRows = [
  {
    python: '`loop.run_in_executor(None, ...)`, the default executor',
    args: ['--python'] as string[],
    shows: /^Python's default executor: \d+ threads, min\(32, \d+ CPUs \+ 4\)$/m,
  },
  {
    python: 'a blocking call inside a coroutine (the loop stalls)',
    args: [] as string[],
    shows: /^# 8 pbkdf2Sync calls: the loop hashes, and nothing else runs$/m,
  },
];

/** The rows whose command is exactly `args`. */
export function rowsRunBy(args: readonly string[]) {
  return pythonRows.filter((row) => row.args.join(' ') === args.join(' '));
}
