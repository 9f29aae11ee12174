// The rows of the root README's "From Python" table that point at this example: each
// names a Python API, the arguments of a run that shows it, and a line of that run's
// output that shows it. gather.test.ts runs each row's arguments and checks it.
export const pythonRows = [
  {
    python: '`asyncio.gather` of three tasks',
    args: [] as string[],
    shows: /^Results in call order: result A, result B, result C$/m,
  },
  {
    python: '`TaskGroup`, `wait_for`',
    args: [] as string[],
    shows: /^Group: task B failed, cancelling the others\n(.+\n)+Main: A timed out after 1 s$/m,
  },
  {
    python: '`as_completed`',
    args: ['--demo', 'as-completed'],
    shows: /^Task B finished\nMain: handling the result of B$/m,
  },
  {
    python: '`Semaphore` as a concurrency limit',
    args: [] as string[],
    shows: /^Main: 6 tasks, at most 2 at a time \(hand-written\)$/m,
  },
];

/** The rows whose command is exactly `args`. */
export function rowsRunBy(args: readonly string[]) {
  return pythonRows.filter((row) => row.args.join(' ') === args.join(' '));
}
