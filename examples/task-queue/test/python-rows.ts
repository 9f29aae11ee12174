// The rows of the root README's "From Python" table that point at this example: each
// row's command, and the line of its output that shows the API the row names.
export const pythonRows = [
  {
    python: 'RQ (Redis Queue) workers and retries',
    args: [] as string[],
    shows: /^worker-\d runs flaky \(attempt 3\)$/m,
  },
  {
    python: 'RQ: a job run twice after a worker died (at-least-once)',
    args: ['--no-idempotency'],
    shows: /^Producer: the ledger holds 2 entries for order 42$/m,
  },
];
