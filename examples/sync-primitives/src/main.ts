// The command line: flags in, the parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli, parts } from './cli.ts';
import { condition } from './part-condition.ts';
import { deadlock } from './part-deadlock.ts';
import { event } from './part-event.ts';
import { semaphore } from './part-semaphore.ts';
import { lineUpWorkers } from './proof.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const part = values.part;
  if (part !== undefined && !(parts as readonly string[]).includes(part)) {
    throw new UsageError(`--part ${part} is not a part: they are ${parts.join(', ')}`);
  }
  const runs = (name: string) => part === undefined || part === name;
  // Proof machinery: workers wait at a start line until all are up (see proof.ts).
  lineUpWorkers();

  if (runs('semaphore')) {
    const how = values['no-finally'] ? 'released only on success' : 'released in finally';
    emit('main', 'part', `# Semaphore(2), five workers, two jobs throw; permits ${how}`);
    await semaphore({ releaseOnError: !values['no-finally'] });
  }
  if (runs('event')) {
    emit('main', 'part', '# Event: four workers wait, one set() releases them all');
    await event({ fail: values.fail });
  }
  if (runs('condition')) {
    const how = values['if-not-while'] ? 'if (the contrast)' : 'while';
    emit('main', 'part', `# Condition: one slot, a producer, two consumers waiting with ${how}`);
    await condition({ loop: !values['if-not-while'] });
  }
  if (runs('deadlock')) {
    const how = values['opposite-order'] ? 'opposite orders' : 'one order, A then B';
    emit(
      'main',
      'part',
      `# Two locks, two workers, ${how}; the second taken with acquire(timeout=4), or 8 for worker 1`,
    );
    await deadlock({ oppositeOrder: values['opposite-order'] });
  }
});
