// The rows of the root README's "From Python" table that point at this example:
// each names a command whose output shows the API, and the line that shows it.
export const pythonRows = [
  {
    python: '"Main process continues..." then `join`',
    args: ['--part', 'child'] as string[],
    shows:
      /^main: started a child; main continues without waiting$[\s\S]*^main: joined the child$/m,
  },
  {
    python: '`threading.Timer` and `.cancel()`',
    args: ['--part', 'timers', '--no-cancel'] as string[],
    shows: /^timer A fired$/m,
  },
  {
    python: 'daemon threads',
    args: ['--part', 'daemon', '--no-unref'] as string[],
    shows: /^daemon-thread: done after 4 ticks$/m,
  },
  {
    python: 'a coroutine called without `await`',
    args: ['--part', 'await', '--forget-await'] as string[],
    shows: /^main: total is 0$/m,
  },
];
