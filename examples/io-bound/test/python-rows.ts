// The rows of the root README's "From Python" table that point at io-bound: each
// row's command, and a line of its output that shows the API the row names.
export const pythonRows = [
  {
    python: 'downloads: `requests` in a `for` loop',
    args: ['--only', 'sequential'] as string[],
    shows: /^# sequential: one download after another on one connection/m,
  },
  {
    python: 'downloads: `ThreadPoolExecutor(5)`',
    args: ['--only', 'threads'] as string[],
    shows: /^# worker threads: a pool of 5 taking URLs from one queue/m,
  },
  {
    python: 'downloads: `aiohttp` and `gather`',
    args: ['--only', 'promise-all'] as string[],
    shows: /^# Promise\.all: every download at once on one thread, a connection each$/m,
  },
  {
    python: 'downloads: `multiprocessing.Pool`',
    args: ['--only', 'processes'] as string[],
    shows: /^# child processes: a pool of \d+ taking URLs from one queue/m,
  },
];
