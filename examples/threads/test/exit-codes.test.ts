// What join() makes of a worker that ends badly, in this process, with Node's Worker
// replaced by one that exits with code 3 without throwing (process.exit(3) in a real
// worker): joined, it fails the join; unjoined, its failure still sets exit code 1.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('node:worker_threads', async (importOriginal) => {
  const { EventEmitter } = await import('node:events');
  // Starts, then exits with code 3 on the next turn, as a worker calling process.exit(3).
  class ExitingWorker extends EventEmitter {
    constructor() {
      super();
      setImmediate(() => this.emit('exit', 3));
    }
    terminate = () => Promise.resolve(3);
  }
  return { ...(await importOriginal<object>()), Worker: ExitingWorker };
});

// The package's test files share a worker (isolate: false): if another file loaded
// threads.ts first, it holds the real Worker. Load it afresh, under the mock.
let countInThread: typeof import('../src/threads.ts').countInThread;
beforeAll(async () => {
  vi.resetModules();
  ({ countInThread } = await import('../src/threads.ts'));
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
    await expect(countInThread({ join: true })).rejects.toThrow(
      'the counting thread exited with code 3',
    );
  });

  it('unjoined, still sets exit code 1 once it ends', async () => {
    await countInThread({ join: false });
    expect(process.exitCode).toBeUndefined();
    await turn();
    await turn();
    expect(process.exitCode).toBe(1);
  });
});
