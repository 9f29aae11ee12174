// The other side of multiprocessing.Process, part one's child: a whole new Node process,
// with its own pid, its own V8 heap and its own copy of every module. It runs worker()
// (multiprocessing.ts); its job comes as an argument.
import './proof-child.ts'; // not the lesson: lines children up for the test (proof.ts)
import { type WorkJob, worker } from './multiprocessing.ts';

// The pitfall's other half: if the parent dies with no chance to kill us (SIGKILL, a
// crash), the IPC channel closes: leave too, instead of running on as an orphan.
process.on('disconnect', () => process.exit(1));
// But the open channel must not keep a finished child alive: let it go.
process.channel?.unref();

// The job, as the parent wrote it on our command line: text, parsed back to data.
const job = JSON.parse(process.argv[2]!) as WorkJob;
try {
  await worker(job);
} catch (error) {
  // An exception does not cross a process boundary by itself: the parent would see
  // only "exit code 1". Send the message (Python: a Queue) before exiting; process.send's
  // callback says it has been handed to the channel.
  const report = { kind: 'failed', message: (error as Error).message };
  await new Promise((sent) => process.send!(report, undefined, {}, sent));
  process.exitCode = 1;
}
