// The one line that proves the concept from a run's trace, per version: how many of
// the messages received were stored, the queue's peak against its capacity, and how
// many the consumer left behind. The tour prints it; a test checks it. A run that a
// busy machine stalled past its schedule cannot show the moment of the stop: it says so.
import { select, type Trace } from '@concurrency/harness';
import { half, lateness, slipMargin, type Version } from './spec.ts';

export function figure(trace: Trace, scale: number) {
  const versions = (['async', 'threads'] as Version[]).filter((v) => half(trace, v).length > 0);
  const text = versions
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
  const late = Math.max(...versions.map((v) => lateness(half(trace, v), scale)));
  if (late < slipMargin) return { text, shown: true };
  return {
    text,
    shown: false,
    reason: `a busy machine ran it ${Math.round(late * scale)} ms late`,
  };
}
