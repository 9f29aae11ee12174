// Proof machinery, not the lesson: workers boot tens of ms apart (further on a busy
// machine), so they wait at a start line and main fires once all are there; what
// the tests then see is the primitive at work, not the boot. A worker that dies
// before it arrives must not leave main waiting, so the arrivals race the joins.
import type { StartLine } from '@concurrency/trace';

export async function releaseTogether(line: StartLine, count: number, ends: Promise<void>) {
  await Promise.race([line.allArrived(count), ends]);
  line.fire();
}
