// The rows of the root README's "From Python" table that point at this example:
// each names a command whose output shows the API, and the line that shows it.
export const pythonRows = [
  {
    python: '`ThreadPoolExecutor` and its `with` block',
    args: ['--part', 'threads', '--unbounded'] as string[],
    shows: /^closed: 3 tasks finished, 0 threads left$/m,
  },
  {
    python: '`ProcessPoolExecutor`, `future.cancel()`',
    args: ['--part', 'processes'] as string[],
    shows: /^proc-x: AbortError while queued, never started$/m,
  },
];
