// The other side of multiprocessing.Process: a whole new Node process, with its own
// pid, its own V8 heap and its own copy of every module. Its job comes as an argument.
import { type Job, type Report, runJob } from './jobs.ts';

// If the parent dies without a chance to kill us (SIGKILL, a crash), the IPC channel
// closes: leave too, instead of running on as an orphan. (The listener holds the
// channel open; it is let go with unref() below, once the go has come.)
// The one environment variable is a test hook, not the lesson: the test of the
// parent's own cleanup sets it, so that only the parent's kill can end these children.
if (!process.env.MULTIPROCESSING_TEST_CHILDREN_STAY) {
  process.on('disconnect', () => process.exit(1));
}

const send = (message: Report) =>
  new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

const job = JSON.parse(process.argv[2]!) as Job;
if (job.kind === 'work') await readyThenGo();
// From here the open channel must not keep a finished child alive.
process.channel?.unref();
let report: Promise<void> = Promise.resolve();
try {
  await runJob(job, (message) => {
    report = send(message);
  });
  await report;
} catch (error) {
  // An exception does not cross a process boundary by itself: the parent would see
  // only "exit code 1". Send the message first, so the parent can say what failed.
  await send({ kind: 'failed', message: (error as Error).message });
  process.exitCode = 1;
}

// Proof machinery, not the lesson: say we have booted and wait for the parent's go,
// so that the five sleeps start together however long each process took to start.
async function readyThenGo(): Promise<void> {
  await send({ kind: 'ready' });
  await new Promise((go) => process.once('message', go));
}
