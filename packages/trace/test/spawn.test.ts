import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { nowMs } from '../src/clock.ts';
import { join } from '../src/join.ts';
import { forkChild, startWorker } from '../src/spawn.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

describe(`TypeScript entries on Node ${process.versions.node}`, () => {
  it('a .ts worker starts, runs and answers', async () => {
    const worker = startWorker(fixture('echo-worker.ts'), { workerData: 21 });
    const { threadId } = worker;
    const [message] = await once(worker, 'message');
    await join(worker);
    expect(message.doubled).toBe(42);
    expect(message.threadId).toBe(threadId);
  });

  it('a worker reads the same clock as its parent', async () => {
    const before = nowMs();
    const worker = startWorker(fixture('echo-worker.ts'), { workerData: 1 });
    const [message] = await once(worker, 'message');
    await join(worker);
    expect(message.t).toBeGreaterThan(before);
    expect(message.t).toBeLessThan(nowMs());
  });

  it('a .ts child process starts, gets its arguments and has its own pid', async () => {
    const before = nowMs();
    const child = forkChild(fixture('echo-child.ts'), ['hello']);
    const [message] = await once(child, 'message');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(message.argument).toBe('hello');
    expect(message.pid).not.toBe(process.pid);
    expect(message.t).toBeGreaterThan(before);
  });

  it('a child process starts a worker from a path relative to itself', async () => {
    const child = forkChild(fixture('child-starts-worker.ts'));
    const [message] = await once(child, 'message');
    expect(message.doubled).toBe(8);
  });

  it('a worker that throws makes join reject with its error', async () => {
    const worker = startWorker(fixture('throwing-worker.ts'));
    await expect(join(worker)).rejects.toThrow('thrown inside the worker');
  });
});

describe('join', () => {
  it('returns for a worker that ended before join was called', async () => {
    const worker = startWorker(fixture('echo-worker.ts'), { workerData: 1 });
    await once(worker, 'exit');
    // once(worker, 'exit') here would wait forever: the event has already fired.
    await expect(join(worker)).resolves.toBeUndefined();
  });
});
