// The command line: flags in, the three parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { runSchedule } from './drift.ts';
import { limitBoth } from './rate-limit.ts';
import { callbackTicker, heartbeat } from './tickers.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const beats = cli.count(values, 'beats');
  const fail = cli.optionalCount(values, 'fail');
  if (fail !== undefined && fail > beats) {
    throw new UsageError(`--fail ${fail} names no beat: they are 1 to ${beats}`);
  }
  if (values.callback && fail !== undefined) {
    throw new UsageError('--callback runs the contrast alone: --fail is for the async iterator');
  }

  if (values.callback) {
    emit(
      'main',
      'part',
      '# A callback setInterval every 500 ms; beat 2 takes 800 ms (the contrast)',
    );
    return callbackTicker(beats);
  }
  emit('main', 'part', '# A ticker every 500 ms, an async iterator; beat 2 takes 800 ms');
  await heartbeat(beats, fail);

  emit('main', 'part', '# Two schedules every 500 ms, each tick working 300 ms');
  const ticks = cli.count(values, 'ticks');
  await Promise.all([runSchedule('chained', ticks), runSchedule('fixed-rate', ticks)]);

  const [rate, burst] = [cli.count(values, 'rate'), cli.count(values, 'burst')];
  const requests = cli.count(values, 'requests');
  emit('main', 'part', `# ${requests} requests at once, ${rate} a second, bursts of ${burst}`, {
    rate,
    burst,
  });
  await limitBoth(rate, burst, requests);
});
