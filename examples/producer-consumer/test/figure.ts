// The one line that proves the concept from a run's trace, per version: how many of
// the messages received were stored, the queue's peak against its capacity, and how
// many the consumer left behind. The tour prints it; a test checks it.
import { select, type Trace } from '@concurrency/harness';
import { half, type Version } from './spec.ts';

export function figure(trace: Trace, _scale: number): string {
  const versions: Version[] = ['async', 'threads'];
  return versions
    .filter((version) => half(trace, version).length > 0)
    .map((version) => {
      const events = half(trace, version);
      const received = select(events, { event: 'receive' }).length;
      const stored = select(events, { event: 'get' }).length;
      const peak = Math.max(
        0,
        ...select(events, { event: ['put', 'get'] }).map((event) => Number(event.depth)),
      );
      const [exit] = select(events, { actor: 'consumer', event: 'exit' });
      const capacity = select(events, { actor: 'main', event: 'part' })[0]?.capacity ?? '?';
      return `${version}: ${stored}/${received} stored, peak ${peak}/${capacity}, ${exit?.left ?? '?'} left`;
    })
    .join('; ');
}
