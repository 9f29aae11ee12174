// The worker's side of the pool: take a batch from the port, run each task, send all
// the outcomes back in one message. A task that throws fails alone; its neighbours
// in the batch still run and still answer.
import { type MessagePort, workerData } from 'node:worker_threads';
import type { BatchReply, BatchRequest, Outcome } from './protocol.ts';

export type Handler<In, Out> = (input: In) => Out | Promise<Out>;

/** Called once at the top of a pool's worker file, with the function its tasks run. */
export function serve<In, Out>(handler: Handler<In, Out>): void {
  const port = (workerData as { port: MessagePort }).port;
  port.on('message', async ({ batch, inputs }: BatchRequest<In>) => {
    const outcomes: Outcome<Out>[] = [];
    for (const input of inputs) {
      try {
        const result = handler(input);
        // Synchronous handlers skip the `await`: a microtask per 10 µs task adds up.
        const value = result instanceof Promise ? await result : result;
        outcomes.push({ ok: true, value });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    port.postMessage({ batch, outcomes } satisfies BatchReply<Out>);
  });
  // Tell the pool this worker is listening: its start-up is not part of any task.
  port.postMessage({ batch: -1, outcomes: [] } satisfies BatchReply<Out>);
}
