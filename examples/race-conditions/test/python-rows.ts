// The rows of the root README's "From Python" table that point at this example: each
// names a Python API, the arguments of a run that shows it, and a line of that run's
// output that shows it. race-conditions.test.ts runs each row's arguments and checks it.
export const pythonRows = [
  {
    python: 'the race: read, `time.sleep`, write back',
    args: ['--no-lock'],
    shows:
      /^# The same two tasks, without an async mutex \(--no-lock\)\n(.+\n){4}Value: 1, expected 2: 1 update lost$/m,
  },
  {
    python: '`threading.Lock`, `RLock`, deadlock',
    args: [] as string[],
    shows:
      /^Lock: still not taken after 1 s: a deadlock\n(.+\n){2}RLock: taken twice by the same thread, depth 2$/m,
  },
];

/** The rows whose command is exactly `args`. */
export function rowsRunBy(args: readonly string[]) {
  return pythonRows.filter((row) => row.args.join(' ') === args.join(' '));
}
