// The production version: a stream pipeline gives the same guarantees as the
// hand-written queues, checked here in-process with counters instead of a trace.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { settlesWithin } from '@concurrency/harness';
import { afterEach, expect, it } from 'vitest';
import { receiveUntil, storeAll } from '../src/with-streams.ts';

let folder = '';
afterEach(() => rmSync(folder, { recursive: true, force: true }));

it('stores every message received before the stop, in order, never more than the capacity ahead', async () => {
  folder = mkdtempSync(join(tmpdir(), 'producer-consumer-streams-'));
  const file = join(folder, 'messages.txt');
  const capacity = 3;
  const stop = new AbortController();
  let received = 0;
  let stored = 0;
  let furthestAhead = 0;

  // A fast producer and a much slower consumer, so that the bound is reached.
  const receive = async () => {
    await delay(1);
    received++;
    furthestAhead = Math.max(furthestAhead, received - stored);
    return `message ${received}`;
  };
  const store = async () => {
    await delay(20);
    stored++;
    // Stop once the pipeline has been backed up for a while.
    if (stored === 5) stop.abort();
  };
  // A pipeline that stops pulling, or never resolves, fails here by name, not by timeout.
  const storing = storeAll(receiveUntil(stop.signal, receive), file, capacity, store);
  await settlesWithin(10_000, 'the pipeline to store every message and resolve', storing);

  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  expect(lines).toEqual(Array.from({ length: received }, (_, i) => `message ${i + 1}`));
  expect(stored).toBe(received);
  expect(received).toBeGreaterThan(5);
  // The message being written counts against the bound: `capacity` in all, no further.
  expect(furthestAhead).toBe(capacity);
});
