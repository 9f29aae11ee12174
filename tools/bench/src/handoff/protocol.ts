// The cells of shared memory the hand-off workers use, and what each worker is for.
export const PING = 0; // sequence number main last sent; -1 tells the worker to stop
export const PONG = 1; // sequence number the worker last answered
export const GATE = 0; // 0 until main lets the counting workers go
export const COUNTER = 1;
export const LOCK = 2;

export type Counting = 'Atomics.add' | 'mutex' | 'neither';
export type Job =
  | { kind: 'pong'; shared: SharedArrayBuffer }
  | { kind: 'echo' }
  | { kind: 'count'; how: Counting; increments: number; shared: SharedArrayBuffer };
