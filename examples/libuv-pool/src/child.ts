// The other side: a Node process of its own, whose pool was sized by the environment
// it was started with. (The first import lets a test count this pool's threads once
// the lesson is done: see proof.ts. Not the lesson.)
import './proof.ts';
import { hashAtOnce, hashOnPool, type Job } from './libuv-pool.ts';

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
// A child whose parent has gone stops: nobody waits for its hashes. By a signal, for
// process.exit() waits for the calls the pool is running (libuv joins its threads on
// the way out). unref(): the IPC channel does not hold this process open.
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
process.channel?.unref();

try {
  if (job.late !== undefined) {
    // The broken contrast: the first call starts the pool, with the size the
    // variable had then (none: 4). Setting it afterwards changes nothing.
    await hashOnPool(-1);
    process.env.UV_THREADPOOL_SIZE = String(job.late);
  }
  await hashAtOnce(job);
} catch (error) {
  // An exception does not cross a process boundary: say it to the parent, exit 1.
  process.send?.({ failed: (error as Error).message });
  process.exitCode = 1;
}
