import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  measureCopyMove,
  sendCopied,
  sendMoved,
  startCopyMoveWorker,
} from '../src/copymove/copy-move.ts';

// The figure's mechanism, not its speed: a copy leaves the sender its bytes, a move
// detaches the sender's buffer and the worker moves the same bytes back.
describe('copy versus move across threads', () => {
  let worker: Worker;
  beforeAll(async () => {
    worker = await startCopyMoveWorker();
  });
  afterAll(async () => {
    await worker.terminate();
  });

  it('a copied buffer stays whole on the sending side', async () => {
    const buffer = new Uint8Array(1 << 16).fill(3).buffer;
    await sendCopied(worker, buffer);
    expect(buffer.byteLength).toBe(1 << 16);
    expect(new Uint8Array(buffer).every((byte) => byte === 3)).toBe(true);
  });

  it('a moved buffer is detached while away and comes back with its bytes', async () => {
    const buffer = new Uint8Array(1 << 16).map((_, i) => i % 251).buffer;
    const back = await sendMoved(worker, buffer);
    expect(buffer.byteLength).toBe(0);
    expect(back.byteLength).toBe(1 << 16);
    expect(new Uint8Array(back).every((byte, i) => byte === i % 251)).toBe(true);
  });

  it('the figure has both sides in MB/s and their ratio, one sample a round', async () => {
    const figure = await measureCopyMove(1, 2, 3, Number.POSITIVE_INFINITY);
    expect(
      figure.series.map((row) => [row.label.split(':')[0], row.unit, row.summary.runs]),
    ).toEqual([
      ['copied', 'MB/s', 3],
      ['moved', 'MB/s', 3],
    ]);
    expect(figure.ratios.map((row) => [row.label, row.unit, row.summary.runs])).toEqual([
      ['moved / copied', '×', 3],
    ]);
    for (const row of [...figure.series, ...figure.ratios]) {
      expect(row.summary.min).toBeGreaterThan(0);
    }
  });
});
