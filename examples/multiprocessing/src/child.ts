// The other side of multiprocessing.Process, part one's child: a whole new Node process,
// with its own pid, its own V8 heap and its own copy of every module. It runs worker()
// (work.ts); its job comes as an argument.
// (The first import lines children up for the test: see proof.ts. Not the lesson.)
import './proof-child.ts';
import type { Report } from './process.ts';
import { type WorkJob, worker } from './work.ts';

// If the parent dies without a chance to kill us (SIGKILL, a crash), the IPC channel
// closes: leave too, instead of running on as an orphan.
process.on('disconnect', () => process.exit(1));
// But the open channel must not keep a finished child alive: let it go.
process.channel?.unref();

// process.send() is the way back to the parent (Python: a Queue or a Pipe). Its
// callback says the message has been handed to the channel.
const send = (message: Report) =>
  new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

// The job, as the parent wrote it on our command line: text, parsed back to data.
const job = JSON.parse(process.argv[2]!) as WorkJob;
try {
  await worker(job);
} catch (error) {
  // An exception does not cross a process boundary by itself: the parent would see
  // only "exit code 1". Send the message first, so the parent can say what failed.
  await send({ kind: 'failed', message: (error as Error).message });
  process.exitCode = 1;
}
