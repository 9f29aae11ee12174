// The rows of the root README's "From Python" table that point at this example: the
// command that shows each API, and the lines of its output that show it. A test runs
// each command and matches its stdout.
export const pythonRows = [
  {
    python: '`asyncio.to_thread`, `run_in_executor`',
    args: [] as string[],
    shows:
      /^# to_thread: a 2 s CPU job in a worker thread$[\s\S]*^# run_in_executor: CPU jobs of 2 s and 3 s in a pool of 2 processes$/m,
  },
];
