// The command line: flags in, the parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli, parts } from './cli.ts';
import { detachedChild, notJoined, scene } from './daemons.ts';
import { awaited, forgotten, timers } from './timers.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const ticks = cli.count(values, 'child-ticks');
  const only = values.part;
  if (only !== undefined && !parts.includes(only as (typeof parts)[number])) {
    throw new UsageError(`--part ${only} is not a part: they are ${parts.join(', ')}`);
  }
  const runs = (part: (typeof parts)[number]) => only === undefined || only === part;

  if (runs('timers')) {
    emit('main', 'part', '# Timers: one cancelled in time, one that fired first, one aborted');
    await timers({ cancel: !values['no-cancel'] });
  }
  if (runs('child')) {
    emit('main', 'part', '# A child process not joined: main continues');
    await notJoined({ ticks, fail: values.fail });
  }
  if (runs('daemon')) {
    emit('main', 'part', '# A daemon thread and timer: unref() lets the program end');
    await scene('daemon', values['no-unref'] ? 'no-unref' : undefined);
  }
  if (runs('normal')) {
    emit('main', 'part', '# A normal thread and timer keep the program alive');
    await scene('normal');
  }
  if (runs('detached')) {
    emit('main', 'part', '# A detached child outlives its parent');
    await detachedChild();
  }
  if (runs('await')) {
    emit('main', 'part', '# Forgetting await');
    await (values['forget-await'] ? forgotten() : awaited());
  }
});
