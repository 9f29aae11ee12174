// What travels over each worker's MessagePort. Tasks go in batches: one message
// carries many tasks and one reply carries all their results, so a 10 µs task does
// not pay a whole message round trip (tens of µs) on its own.

/** Main to worker: run these inputs, in order, and answer with the same `batch` id. */
export interface BatchRequest<In> {
  batch: number;
  inputs: In[];
}

/** One task's outcome: its value, or the error it threw (errors survive structured clone). */
export type Outcome<Out> = { ok: true; value: Out } | { ok: false; error: unknown };

/** Worker to main: the outcomes of one batch, in the order of its inputs. */
export interface BatchReply<Out> {
  batch: number;
  outcomes: Outcome<Out>[];
}
