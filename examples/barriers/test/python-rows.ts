// The rows of the root README's "From Python" table that point at this example: the
// command that shows each API, and the line of its output that shows it. A test runs
// each command and matches its stdout.
export const pythonRows = [
  {
    python: '`threading.Barrier`, `BrokenBarrierError`',
    args: ['--fail', '2'],
    shows: /meeting at a barrier[\s\S]*departs round 1[\s\S]*gives up: BrokenBarrierError/,
  },
];
