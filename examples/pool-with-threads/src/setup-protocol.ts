// What crosses the process and thread boundaries: plain data, copied by structured
// clone. A task is a name and arguments, never a function: a function cannot be
// cloned (DataCloneError), just as Python cannot pickle a lambda (PicklingError).

/** A task as data: which function of tasks.ts to call, and with what. */
export interface Task {
  /** A key of tasks.ts's table, e.g. 'threadTask'. */
  task: string;
  /** Cloned on the way: numbers, strings, arrays, Maps... never a function. */
  args: readonly unknown[];
}

// A task on its way to a thread: numbered, so that its reply can name it.
export interface Request extends Task {
  kind: 'task';
  id: number;
}

// A thread's answer to one task: its value, or the message of what it threw.
export type Reply =
  | { kind: 'done'; id: number; value: unknown }
  | { kind: 'failed'; id: number; message: string };

/** Thread to process: first that it listens, then one reply per task. */
export type FromThread = Reply | { kind: 'ready' };

/** Parent to process. */
export type ToProcess = Request | { kind: 'close' };

/** Process to parent. */
export type FromProcess = Reply | { kind: 'ready'; threads: number[] } | { kind: 'closed' };
