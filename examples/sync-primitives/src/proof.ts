// Proof machinery, not the lesson: workers boot tens of ms apart (further on a busy
// machine), so the semaphore's and the locks' workers wait at a start line and main
// fires once all are there; what the tests then see is the primitive at work, not
// the boot. A worker that dies before it arrives must not leave main waiting, so
// the arrivals race the joins.
import type { StartLine } from '@concurrency/trace';
import type { Role } from './worker.ts';

export async function releaseTogether(line: StartLine, roles: Role[], ends: Promise<void>) {
  const lined = roles.filter((r) => r.role === 'sem' || r.role === 'locker').length;
  await Promise.race([line.allArrived(lined), ends]);
  line.fire();
}
