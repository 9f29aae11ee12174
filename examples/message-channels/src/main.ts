// The command line: flags in, the parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { broadcastStop } from './broadcast.ts';
import { cli, parts } from './cli.ts';
import { ownedCounter } from './owner.ts';
import { pipe } from './pipe.ts';
import { selectTwo } from './select.ts';
import { copyAndMove } from './transfer.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const part = values.part;
  if (part !== undefined && !(parts as readonly string[]).includes(part)) {
    throw new UsageError(`--part ${part} is not a part: they are ${parts.join(', ')}`);
  }
  const runs = (name: string) => part === undefined || part === name;
  const requests = cli.count(values, 'requests');
  const megabytes = cli.count(values, 'megabytes');
  const workers = cli.count(values, 'workers');

  if (runs('pipe')) {
    const how = values['no-ids'] ? 'matched by arrival (no ids)' : 'matched by id';
    emit('main', 'part', `# A pipe between two workers: ${requests} questions, replies ${how}`);
    await pipe({ requests, ids: !values['no-ids'], fail: values.fail });
  }
  if (runs('transfer')) {
    emit('main', 'part', `# ${megabytes} MB to a worker: copied, then moved (transferList)`);
    await copyAndMove({ megabytes, postAfterTransfer: values['post-after-transfer'] });
  }
  if (runs('select')) {
    emit('main', 'part', '# select: two ports, words after 1 s and 2 s');
    await selectTwo();
  }
  if (runs('broadcast')) {
    emit('main', 'part', `# BroadcastChannel: one stop message, ${workers} workers`);
    await broadcastStop({ workers });
  }
  if (runs('owner')) {
    emit('main', 'part', '# One owner of the state: a counter only its worker touches');
    await ownedCounter({ workers });
  }
});
