// The detached child: a process that ticks on its own, whoever started it. It
// reports to the lesson over a unix socket (the lesson is not its parent): its pid,
// then each tick. When the lesson goes, the socket closes and it stops too, so that
// a Ctrl-C of the lesson leaves nothing behind even though it escaped the group.
import { connect } from 'node:net';
import { emit, sleep } from '@concurrency/trace';
import { nominal } from './timers.ts';

const socket = connect(process.argv[2]!);
socket.on('close', () => process.exit(0));
socket.on('error', () => process.exit(1));
process.on('SIGTERM', () => {
  emit('orphan', 'stopped', 'orphan: stopped by SIGTERM');
  process.exit(0);
});
socket.write(`${process.pid}\n`);
for (let i = 0; i < nominal.orphanTicks; i++) {
  emit('orphan', 'tick', `orphan: tick ${i}`, { i });
  socket.write(`tick ${i}\n`);
  await sleep(nominal.orphanTickMs);
}
socket.end();
