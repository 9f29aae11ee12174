// The rows of the root README's "From Python" table that point at this example:
// each row's args are run by a test, and its stdout must match `shows`.
export const pythonRows = [
  {
    python: '`threading.Semaphore`, `with sem:` (release on a throw)',
    args: [] as string[],
    shows: /Main: 2 of 2 permits back/,
  },
  {
    python: '`threading.Event`, `set`, `wait`',
    args: [] as string[],
    shows: /Main: event\.set\(\)\n(Worker \d: released\n){4}/,
  },
  {
    python: '`threading.Condition`, `wait` in a `while` loop, `notify_all`',
    args: [] as string[],
    shows: /Consumer \d: took item 4/,
  },
  {
    python: 'deadlock by lock order, `lock.acquire(timeout=...)`',
    args: ['--part', 'deadlock', '--opposite-order'],
    shows: /Worker \d: no [AB] in 4 s while holding [AB]/,
  },
];
