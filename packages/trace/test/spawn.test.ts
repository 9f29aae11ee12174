import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { nowMs } from '../src/clock.ts';
import { forkChild, startWorker } from './start.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

describe(`TypeScript entries on Node ${process.versions.node}`, () => {
  it('a .ts worker starts, runs and answers', async () => {
    const worker = startWorker(fixture('echo-worker.ts'), { workerData: 21 });
    const { threadId } = worker;
    const exited = once(worker, 'exit');
    const [message] = await once(worker, 'message');
    expect(await exited).toEqual([0]);
    expect(message.doubled).toBe(42);
    expect(message.threadId).toBe(threadId);
  });

  it('a worker reads the same clock as its parent', async () => {
    const before = nowMs();
    const worker = startWorker(fixture('echo-worker.ts'), { workerData: 1 });
    const [message] = await once(worker, 'message');
    expect(message.t).toBeGreaterThan(before);
    expect(message.t).toBeLessThan(nowMs());
  });

  it('a .ts child process starts, gets its arguments and has its own pid', async () => {
    const before = nowMs();
    const child = forkChild(fixture('echo-child.ts'), ['hello']);
    const exited = once(child, 'exit');
    const [message] = await once(child, 'message');
    expect(await exited).toEqual([0, null]);
    expect(message.argument).toBe('hello');
    expect(message.pid).not.toBe(process.pid);
    expect(message.t).toBeGreaterThan(before);
  });

  it('a child process starts a worker from a path relative to itself', async () => {
    const child = forkChild(fixture('child-starts-worker.ts'));
    const [message] = await once(child, 'message');
    expect(message.doubled).toBe(8);
  });

  it("a worker that throws rejects its 'exit' wait with its own error and .ts stack", async () => {
    const worker = startWorker(fixture('throwing-worker.ts'));
    const error = await once(worker, 'exit').catch((thrown: Error) => thrown);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch('thrown inside the worker');
    expect((error as Error).stack).toMatch(/throwing-worker\.ts:\d+/);
  });
});
