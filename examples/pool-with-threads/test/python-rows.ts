// The rows of the root README's "From Python" table that point at this example: the
// command that shows each API, and the line of its output that shows it. A test runs
// each command and matches its stdout.
export const pythonRows = [
  {
    python: '`Pool(2)` whose processes run 3 threads',
    args: [] as string[],
    shows: /^# A pool of 2 processes x 3 threads\nProcess pid \d+ ready: threads \d+, \d+, \d+$/m,
  },
  {
    python: '`pool.map(lambda ...)`: cannot pickle',
    args: ['--lambda'],
    shows: /^Main: task 0 \(threadTask\) cannot be sent: .* could not be cloned\.$/m,
  },
];
