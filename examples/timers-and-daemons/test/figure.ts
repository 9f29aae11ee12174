// The one figure that proves this example's concept, read from a run's trace. The
// tour prints it in its summary; a test checks it against the same events.
import { select, type Trace } from '@concurrency/harness';

export function figure(trace: Trace, _scale: number): string {
  const fired = select(trace, { actor: ['timer-a', 'timer-c'], event: 'fire' }).length;
  const ticks = select(trace, { actor: 'daemon-thread', event: 'tick' }).length;
  const done = select(trace, { actor: 'daemon-thread', event: 'done' }).length;
  const [exit] = select(trace, { actor: 'detached', event: 'exit' });
  const after = select(trace, { actor: 'orphan', event: 'tick' }).filter(
    (tick) => exit !== undefined && tick.t > exit.t,
  ).length;
  return (
    `cancelled timers fired: ${fired}; ` +
    `daemon thread: ${ticks} ticks, ${done ? 'finished' : 'cut off'} by the exit; ` +
    `detached child: ${after} ${after === 1 ? 'tick' : 'ticks'} after its parent exited`
  );
}
