// The command line: flags in, the parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { awaited, forgotten } from './awaits.ts';
import { cli, parts } from './cli.ts';
import { detachedChild, notJoined, scene } from './daemons.ts';
import { header } from './report.ts';
import { timers } from './timers.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const ticks = cli.count(values, 'child-ticks');
  const only = values.part;
  if (only !== undefined && !parts.includes(only as (typeof parts)[number])) {
    throw new UsageError(`--part ${only} is not a part: they are ${parts.join(', ')}`);
  }
  const runs = (part: (typeof parts)[number]) => only === undefined || only === part;

  // Each header says what this run shows: a broken twin's flag changes it.
  if (runs('timers')) {
    emit('main', 'part', header('timers', values['no-cancel']));
    await timers({ cancel: !values['no-cancel'] });
  }
  if (runs('child')) {
    emit('main', 'part', header('child'));
    await notJoined({ ticks, fail: values.fail });
  }
  if (runs('daemon')) {
    emit('main', 'part', header('daemon', values['no-unref']));
    await scene('daemon', values['no-unref'] ? 'no-unref' : undefined);
  }
  if (runs('normal')) {
    emit('main', 'part', header('normal'));
    await scene('normal');
  }
  if (runs('detached')) {
    emit('main', 'part', header('detached'));
    await detachedChild();
  }
  if (runs('await')) {
    emit('main', 'part', header('await', values['forget-await']));
    await (values['forget-await'] ? forgotten() : awaited());
  }
});
