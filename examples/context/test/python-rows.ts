// The rows of the root README's "From Python" table that point at this example: each
// names a Python API, the arguments of a run that shows it, and a line of that run's
// output that shows it. context.test.ts runs each row's arguments and checks the line.
export const pythonRows = [
  {
    python: '`contextvars.ContextVar` in asyncio tasks (a request id per task)',
    args: [] as string[],
    shows: /^\[req 2\] bob: after an await\n(?:.*\n)*\[req 2\] bob: in an event listener$/m,
  },
  {
    python: '`threading.local` shared by asyncio tasks: overwritten',
    args: ['--global'],
    shows: /^# \d+ requests at once, the id in a module variable/m,
  },
  {
    python: '`contextvars` vs `threading.local`; a task copies the context; `to_thread`',
    args: ['--python'],
    shows:
      /^request 1: contextvars says 1, threading.local says 3\n(?:.*\n)*threading\.Thread sees None\nasyncio\.to_thread sees 7$/m,
  },
];

/** The rows whose command is exactly `args`. */
export function rowsRunBy(args: readonly string[]) {
  return pythonRows.filter((row) => row.args.join(' ') === args.join(' '));
}
