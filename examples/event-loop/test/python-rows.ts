// The rows of the root README's "From Python" table that point at this example: each
// names a Python API, the arguments of a run that shows it, and a line of that run's
// output that shows it. event-loop.test.ts runs each row's arguments and checks it.
export const pythonRows = [
  {
    python: "`asyncio.run`, `loop.call_soon`, `loop.call_later`, a future's done callbacks",
    args: ['--python'],
    // call_later(10 ms) may land anywhere among these on a loaded machine (specs.ts).
    shows:
      /^\[asyncio\] call_soon, the third\n(\[asyncio\] call_later\(10 ms\)\n)?\[asyncio\] call_later\(0\)\n(\[asyncio\] call_later\(10 ms\)\n)?\[asyncio\] done callback: 42$/m,
  },
  {
    python: 'the simplified event loop (a ready queue, one task at a time)',
    args: [] as string[],
    shows:
      /^# The same program on a toy loop: a ready queue, a timer heap\n\[toy\] main\(\) starts/m,
  },
];

/** The rows whose command is exactly `args`. */
export function rowsRunBy(args: readonly string[]) {
  return pythonRows.filter((row) => row.args.join(' ') === args.join(' '));
}
