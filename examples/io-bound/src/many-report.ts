// --many N on the screen: the open-file limit, the batch, and the thread arithmetic.
import { emit, UsageError } from '@concurrency/trace';
import { downloadMany, measureThreadCost, openFileLimit, SPARE_FILES } from './many.ts';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export async function runMany(count: number, latencyMs: number, sites: number): Promise<void> {
  // Each download holds one socket, one file descriptor, until it ends: N at once
  // need N descriptors, plus room for everything else the process has open.
  const { limit, from } = openFileLimit();
  if (count + SPARE_FILES > limit) {
    throw new UsageError(
      `--many ${count} needs ${count + SPARE_FILES} open files, but the limit is ${limit} (ulimit -n, from ${from}): at most ${limit - SPARE_FILES}`,
    );
  }
  emit('main', 'part', `# ${count} downloads at once on one thread, the server in its own process`);
  emit(
    'main',
    'limit',
    `Open-file limit ${limit} (ulimit -n): ${count} sockets leave ${limit - count} spare`,
    {
      limit,
    },
  );
  const { outcomes, ms, peak, memory } = await downloadMany(count, latencyMs, sites);
  const failed = outcomes.filter((outcome) => 'error' in outcome);
  if (failed.length > 0) throw new Error(`${failed.length} of ${count} downloads failed`);
  emit(
    'main',
    'finish',
    `Downloaded ${count} sites in ${(ms / 1000).toFixed(3)} seconds, ${peak} in flight at once, peak memory ${mb(memory.peak)}`,
    { ms, peak, version: 'many' },
  );
  const thread = await measureThreadCost();
  emit(
    'main',
    'threads',
    `A worker thread costs ${thread.ms.toFixed(1)} ms to start and ${mb(thread.bytes)}: ` +
      `${count} of them would need ${((thread.ms * count) / 1000).toFixed(1)} s one by one and ${mb(thread.bytes * count)}`,
    { ms: thread.ms, bytes: thread.bytes },
  );
}
