// The rows of the root README's "From Python" table that point at this example: each
// names a Python API, the arguments of a run that shows it, and a line of that run's
// output that shows it. producer-consumer.test.ts runs each row's arguments and checks.
export const pythonRows = [
  {
    python: '`queue.Queue(maxsize=10)` and an `Event`',
    args: [] as string[],
    // The bound (a producer waits on a full queue), the Event (main sets the stop) and
    // the drain (the consumer leaves with the queue empty).
    shows:
      /^Producer \d waits with message \d-\d: queue 3\/3\n(.*\n)*Main: queue 3\/3: setting the stop\n(.*\n)*Consumer: stop set, producers gone, queue empty\. Exiting$/m,
  },
  {
    python: 'a consumer that leaves when the `Event` is set',
    args: ['--no-drain'],
    shows: /^Consumer saw the stop\. Exiting with 3 messages still queued$/m,
  },
];

/** The rows whose command is exactly `args`. */
export function rowsRunBy(args: readonly string[]) {
  return pythonRows.filter((row) => row.args.join(' ') === args.join(' '));
}
