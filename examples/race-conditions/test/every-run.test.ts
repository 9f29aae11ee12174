// "Every run", taken literally: the unlocked workers are started five times in this
// process, and each time updates are lost. The window between read and write is a
// sleep, so the threads overlap there even when the machine lends them one core.
import { TIME_SCALE_VAR } from '@concurrency/trace';
import { afterAll, expect, it } from 'vitest';
import { lineUpWorkers } from '../src/proof.ts';
import { runCounters } from '../src/shared-counter.ts';

// Workers copy the environment when they start, so this reaches their sleeps.
process.env[TIME_SCALE_VAR] = '0.2';
// As main.ts does: the workers of each run go together from a start line.
afterAll(lineUpWorkers());

it('unlocked workers lose updates on each of five runs; Atomics.add loses none', async () => {
  for (let run = 0; run < 5; run++) {
    const { count, expected } = await runCounters({ guard: 'none', part: 'threads' });
    expect(count).toBeLessThan(expected);
  }
  const added = await runCounters({ guard: 'atomic', part: 'threads-atomic' });
  expect(added.count).toBe(added.expected);
});
