// The command line: flags in, the parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { awaited, forgotten } from './awaits.ts';
import { cli, parts } from './cli.ts';
import { detachedChild, notJoined, scene } from './daemons.ts';
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
  const broken = (flag: 'no-cancel' | 'no-unref' | 'forget-await', yes: string, no: string) =>
    values[flag] ? `${no} (--${flag})` : yes;
  if (runs('timers')) {
    emit(
      'main',
      'part',
      broken(
        'no-cancel',
        '# Timers: one cancelled in time, one that fired first, one aborted',
        '# Timers never cancelled: A and C fire',
      ),
    );
    await timers({ cancel: !values['no-cancel'] });
  }
  if (runs('child')) {
    emit('main', 'part', '# A child process not joined: main continues');
    await notJoined({ ticks, fail: values.fail });
  }
  if (runs('daemon')) {
    emit(
      'main',
      'part',
      broken(
        'no-unref',
        '# A daemon thread and timer: unref() lets the program end',
        '# A thread and timer not unref()d hold the program to their end',
      ),
    );
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
    emit(
      'main',
      'part',
      broken(
        'forget-await',
        '# await: the result arrives, the failure is caught',
        '# Forgetting await: the result is lost, the failure crashes',
      ),
    );
    await (values['forget-await'] ? forgotten() : awaited());
  }
});
