// The detached child: a process that ticks on its own, whoever started it. Its
// stdio is not connected to a terminal or to anyone's output (a daemon's must not
// be: they would stay open as long as it runs), so it prints nothing; its events go
// to the trace, and it reports to the lesson on fd 3, a pipe the lesson handed down:
// its pid, each tick, and the moment it finds its parent gone. When the lesson goes,
// that pipe closes and it stops too, so a Ctrl-C leaves nothing behind although it
// escaped the run's process group.
import { Socket } from 'node:net';
import { emit, sleep } from '@concurrency/trace';
import { nominal } from './setup.ts';

// The pipe on fd 3, as a socket: its 'close' says the lesson is gone.
const report = new Socket({ fd: 3 });
report.on('close', () => process.exit(0));
report.on('error', () => process.exit(1));
report.resume(); // read, so that the lesson's end of the pipe closing is seen at once
process.on('SIGTERM', () => {
  emit('orphan', 'stopped', undefined); // traced only: its stdout is not connected
  process.exit(0);
});
report.write(`${process.pid}\n`);
// Its parent's pid, passed by the parent (which may be gone before this line runs).
// When that parent exits, the kernel hands the orphan to another process (init, or
// a subreaper): process.ppid changes, and the orphan says so.
const parent = Number(process.argv[2]);
let orphaned = false;
for (let i = 0; i < nominal.orphanTicks; i++) {
  emit('orphan', 'tick', undefined, { i });
  report.write(`tick ${i}\n`);
  if (!orphaned && process.ppid !== parent) {
    orphaned = true;
    report.write('orphaned\n');
    emit('orphan', 'orphaned', undefined);
  }
  await sleep(nominal.orphanTickMs);
}
report.end();
