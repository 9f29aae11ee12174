// The detached child: a process that ticks on its own, whoever started it. Its
// stdio is not connected to anyone (a daemon's must not be: a terminal, or a pipe
// someone waits on, would stay open as long as it runs), so it prints nothing; its
// events go to the trace, and it reports to the lesson over a unix socket: its pid,
// then each tick, and the moment it finds its parent gone. When the lesson goes, the socket closes and it stops too, so that
// a Ctrl-C of the lesson leaves nothing behind even though it escaped the group.
import { connect } from 'node:net';
import { emit, sleep } from '@concurrency/trace';
import { nominal } from './timers.ts';

const socket = connect(process.argv[2]!);
socket.on('close', () => process.exit(0));
socket.on('error', () => process.exit(1));
process.on('SIGTERM', () => {
  emit('orphan', 'stopped', undefined); // traced: its stdout is not connected
  process.exit(0);
});
socket.write(`${process.pid}\n`);
// Its parent's pid, passed by the parent (which may be gone before this line runs).
// When that parent exits, the kernel hands the orphan to another process (init, or
// a subreaper): process.ppid changes, and the orphan says so.
const parent = Number(process.argv[3]);
let orphaned = false;
for (let i = 0; i < nominal.orphanTicks; i++) {
  emit('orphan', 'tick', undefined, { i });
  socket.write(`tick ${i}\n`);
  if (!orphaned && process.ppid !== parent) {
    orphaned = true;
    emit('orphan', 'orphaned', undefined);
    socket.write('orphaned\n');
  }
  await sleep(nominal.orphanTickMs);
}
socket.end();
