// The rows of the root README's "From Python" table that point at this example:
// each row's args are run by a test, and its stdout must match `shows`.
export const pythonRows = [
  {
    python: '`multiprocessing.Pipe`, `Queue` (messages between workers, request/reply by id)',
    args: [] as string[],
    shows: /Client: 4 squared is 16/,
  },
  {
    python: 'Go channels and `select`, `multiprocessing.connection.wait`',
    args: [] as string[],
    shows: /received two/,
  },
  {
    python: 'Go `select` with `default` (a receive that does not block)',
    args: [] as string[],
    shows: /no message received yet/,
  },
  {
    python: 'pickling copies; `transferList` moves a buffer',
    args: [] as string[],
    shows: /Moved +\d+ MB in .* main holds 0 bytes \(detached\)/,
  },
];
