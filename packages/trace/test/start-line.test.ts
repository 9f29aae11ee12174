import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { nowMs } from '../src/clock.ts';
import { join } from '../src/join.ts';
import { startWorker } from '../src/spawn.ts';
import { StartLine } from '../src/start-line.ts';

const fixture = new URL('./fixtures/at-the-line.ts', import.meta.url);

describe('StartLine', () => {
  it('holds every worker until the parent fires, then lets them all go', async () => {
    const line = StartLine.create();
    const workers = Array.from({ length: 3 }, () =>
      startWorker(fixture, { workerData: line.buffer }),
    );
    const messages = workers.map((worker) => once(worker, 'message'));
    await line.allArrived(3);
    const fired = nowMs();
    line.fire();
    const times = (await Promise.all(messages)).map(([t]) => t as number);
    await Promise.all(workers.map((worker) => join(worker)));
    // Nobody ran on before the gun: every worker's next step comes after it.
    for (const t of times) expect(t).toBeGreaterThan(fired);
  });

  it('lets a worker that arrives after the gun through at once', async () => {
    const line = StartLine.create();
    line.fire();
    const worker = startWorker(fixture, { workerData: line.buffer });
    await once(worker, 'message');
    await join(worker);
  });
});
