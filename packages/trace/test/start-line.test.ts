import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { nowMs } from '../src/clock.ts';
import { StartLine } from '../src/start-line.ts';
import { startWorker } from './start.ts';

const fixture = new URL('./fixtures/at-the-line.ts', import.meta.url);

describe('StartLine', () => {
  it('holds every worker until the parent fires, then lets them all go', async () => {
    const line = StartLine.create();
    const workers = Array.from({ length: 3 }, () =>
      startWorker(fixture, { workerData: line.buffer }),
    );
    const messages = workers.map((worker) => once(worker, 'message'));
    const exits = workers.map((worker) => once(worker, 'exit'));
    await line.allArrived(3);
    const fired = nowMs();
    line.fire();
    const times = (await Promise.all(messages)).map(([t]) => t as number);
    await Promise.all(exits);
    // Nobody ran on before the gun: every worker's next step comes after it.
    for (const t of times) expect(t).toBeGreaterThan(fired);
  });

  it('lets a worker that arrives after the gun through at once', async () => {
    const line = StartLine.create();
    line.fire();
    const worker = startWorker(fixture, { workerData: line.buffer });
    const exited = once(worker, 'exit');
    await once(worker, 'message');
    await exited;
  });
});
