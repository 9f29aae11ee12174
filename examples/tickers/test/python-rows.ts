// The rows of the root README's "From Python" table that point at this example: each
// names a Python API, the arguments of a run that shows it, and a line of that run's
// output that shows it. tickers.test.ts runs each row's arguments and checks the line.
export const pythonRows = [
  {
    python: 'a periodic task; Go `time.NewTicker`, `ticker.Stop()`',
    args: [] as string[],
    shows: /^Ticker stopped after 5 beats$/m,
  },
  {
    python: 'a periodic task as a loop with `asyncio.sleep` (it drifts)',
    args: [] as string[],
    shows: /^chained: tick 5 at \d+\.\d\d s, \d+ ms behind$/m,
  },
  {
    python: 'rate limiting, a token bucket; Go `rate.Limiter`',
    args: [] as string[],
    shows: /^bucket: request 6 at \d+\.\d\d s$/m,
  },
];

/** The rows whose command is exactly `args`. */
export function rowsRunBy(args: readonly string[]) {
  return pythonRows.filter((row) => row.args.join(' ') === args.join(' '));
}
