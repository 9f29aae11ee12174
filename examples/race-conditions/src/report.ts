// The one line each counting part ends with: what the value came to, against what
// it should be, and how many updates were lost. Its fields are what the tests read.
import { emit } from '@concurrency/trace';

export function report(part: string, what: string, expected: number, value: number): void {
  const lost = expected - value;
  const verdict = lost === 0 ? 'none lost' : `${lost} ${lost === 1 ? 'update' : 'updates'} lost`;
  emit('main', 'final', `${what}: ${value}, expected ${expected}: ${verdict}`, {
    part,
    value,
    expected,
    lost,
  });
}
