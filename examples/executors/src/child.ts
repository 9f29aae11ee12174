// The other side of the hand-written process executor: a child process that runs
// one task at a time, as the parent hands them over its IPC channel.
import runTask, { type Job } from './task.ts';

// One task at a time per process: a reply needs no id, it answers the task in hand.
export type Request = { job: Job };
export type Reply =
  | { ready: true }
  | { done: Awaited<ReturnType<typeof runTask>> }
  | { error: { message: string; stack?: string } };

// True while a task runs: to leave then is to fail it (exit 1).
let busy = false;

// The channel closes when the parent shuts the pool down, and also when the parent
// dies without a word (Ctrl-C, a crash): either way, stop here, never run on as an orphan.
process.on('disconnect', () => process.exit(busy ? 1 : 0));
// A parent gone while this module still loaded: 'disconnect' fired with no listener.
if (!process.connected) process.exit(0);
// A send after the parent has gone fails. With a callback it fails quietly and this
// process leaves; without one, Node throws ERR_IPC_CHANNEL_CLOSED, stack and all.
const reply = (message: Reply) =>
  process.send!(message, (error: unknown) => error && process.exit(1));

// Python's worker process loops the same way: take a call from the queue, run it,
// put the result (or the exception, pickled) on the result queue.
process.on('message', async ({ job }: Request) => {
  busy = true;
  try {
    // result = task(job), sent back to settle the parent's future.
    reply({ done: await runTask(job) });
  } catch (error) {
    // An exception does not cross a process by itself (Python pickles it): send its
    // message and stack, and the parent raises it again where the result is awaited.
    const { message, stack } = error as Error;
    reply({ error: { message, stack } });
  }
  busy = false;
});

reply({ ready: true }); // booted: the parent hands this process work from now on
