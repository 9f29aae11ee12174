// The one figure that proves this example's concept, read from a run's trace. The
// tour prints it in its summary; the tests check the same events.
import { select, type Trace } from '@concurrency/harness';

export function figure(trace: Trace, _scale: number): string {
  const replies = select(trace, { actor: 'client', event: 'reply' });
  const right = replies.filter((r) => r.answer === (r.n as number) ** 2).length;
  const parts = [`${right}/${replies.length} replies matched`];
  const [copied] = select(trace, { actor: 'main', event: 'copied' });
  const [moved] = select(trace, { actor: 'main', event: 'moved' });
  if (copied && moved) {
    const mbps = (e: typeof copied) => (e.megabytes as number) / ((e.ms as number) / 1000);
    parts.push(
      `${copied.megabytes} MB copied ${mbps(copied).toFixed(0)} MB/s, moved ${mbps(moved).toFixed(0)} MB/s (left ${moved.mine} bytes)`,
    );
  }
  const stopped = select(trace, { event: 'stopped' }).length;
  const [broadcast] = select(trace, { actor: 'main', event: 'broadcast' });
  if (broadcast) parts.push(`${stopped} workers heard one broadcast`);
  return parts.join('; ');
}
