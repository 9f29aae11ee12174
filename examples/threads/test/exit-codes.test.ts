// What main makes of workers that end badly, in this process, with Node's Worker
// replaced by a fake that does what its job says: the counting thread exits with
// code 3 without throwing (process.exit(3) in a real worker); a worker told to fail
// throws on its first turn; the others sleep until terminated, and terminate() takes
// two turns, as a real one takes a moment.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Job } from '../src/threads.ts';

const stopped: number[] = [];
vi.mock('node:worker_threads', async (importOriginal) => {
  const { EventEmitter } = await import('node:events');
  class FakeWorker extends EventEmitter {
    job: Job;
    constructor(_file: URL, { workerData }: { workerData: Job }) {
      super();
      this.job = workerData;
      if (workerData.kind === 'count') setImmediate(() => this.emit('exit', 3));
      else if (workerData.fail) setImmediate(() => this.emit('error', new Error('boom')));
    }
    terminate = () =>
      new Promise<number>((resolve) =>
        setImmediate(() =>
          setImmediate(() => {
            if (this.job.kind === 'work') stopped.push(this.job.name);
            this.emit('exit', 1);
            resolve(1);
          }),
        ),
      );
  }
  return { ...(await importOriginal<object>()), Worker: FakeWorker };
});

// The package's test files share a worker (isolate: false): if another file loaded
// threads.ts first, it holds the real Worker. Load it afresh, under the mock.
let lesson: typeof import('../src/threads.ts');
beforeAll(async () => {
  vi.resetModules();
  lesson = await import('../src/threads.ts');
});
afterAll(() => {
  vi.doUnmock('node:worker_threads');
  vi.resetModules();
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  process.exitCode = undefined;
});

describe('a worker that exits with a non-zero code', () => {
  it('fails the join: a dead worker never passes for a finished one', async () => {
    await expect(lesson.countInThread({ join: true })).rejects.toThrow(
      'the counting thread exited with code 3',
    );
  });

  it('unjoined, still sets exit code 1 once it ends', async () => {
    await lesson.countInThread({ join: false });
    expect(process.exitCode).toBeUndefined();
    await turn();
    await turn();
    expect(process.exitCode).toBe(1);
  });
});

describe('a worker that fails while the others sleep', () => {
  it('makes main fail only once every other thread has been terminated', async () => {
    // What main knew when its join failed: the error, and which threads had stopped.
    const outcome = await lesson.runWorkers({ count: 3, failing: 1 }).then(
      () => undefined,
      (error: Error) => ({ message: error.message, stopped: [...stopped].sort() }),
    );
    // terminate() awaited for each: none is still being stopped when main goes on.
    expect(outcome).toEqual({ message: 'boom', stopped: [0, 1, 2] });
  });
});
