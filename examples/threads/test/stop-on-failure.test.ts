// What main does when one worker fails, in this process, with Node's Worker replaced
// by one that fails on its first turn when told to and otherwise sleeps until it is
// terminated, a terminate() that takes two turns, as a real one takes a moment.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

const stopped: number[] = [];
vi.mock('node:worker_threads', async (importOriginal) => {
  const { EventEmitter } = await import('node:events');
  class FakeWorker extends EventEmitter {
    name: number;
    constructor(_file: URL, { workerData }: { workerData: { name: number; fail?: boolean } }) {
      super();
      this.name = workerData.name;
      if (workerData.fail) setImmediate(() => this.emit('error', new Error('boom')));
    }
    terminate = () =>
      new Promise<number>((resolve) =>
        setImmediate(() =>
          setImmediate(() => {
            stopped.push(this.name);
            this.emit('exit', 1);
            resolve(1);
          }),
        ),
      );
  }
  return { ...(await importOriginal<object>()), Worker: FakeWorker };
});

// The package's test files share a worker (isolate: false): load threads.ts afresh,
// under the mock, whatever another file loaded before.
let runWorkers: typeof import('../src/threads.ts').runWorkers;
beforeAll(async () => {
  vi.resetModules();
  ({ runWorkers } = await import('../src/threads.ts'));
});
afterAll(() => {
  vi.doUnmock('node:worker_threads');
  vi.resetModules();
});

it('a failed worker makes main fail only once every other thread has been terminated', async () => {
  // What main knew when its join failed: the error, and which threads had stopped.
  const outcome = await runWorkers({ count: 3, failing: 1 }).then(
    () => undefined,
    (error: Error) => ({ message: error.message, stopped: [...stopped].sort() }),
  );
  // terminate() awaited for each: none is still being stopped when main goes on.
  expect(outcome).toEqual({ message: 'boom', stopped: [0, 1, 2] });
});
