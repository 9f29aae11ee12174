// The other side of the hand-written process executor: a child process that runs
// one task at a time, as the parent hands them over its IPC channel.
import runTask, { type Job } from './task.ts';

export type Request = { id: number; job: Job } | { cancel: number };
export type Reply =
  | { ready: true }
  | { id: number; done: Awaited<ReturnType<typeof runTask>> }
  | { id: number; error: { message: string; stack?: string } };

const running = new Map<number, AbortController>();

// The channel closes when the parent shuts the pool down, and also when the parent
// dies without a word (Ctrl-C, a crash): either way, stop here, never run on as an orphan.
process.on('disconnect', () => process.exit(running.size === 0 ? 0 : 1));
// A send after the parent has gone fails; with a callback it fails quietly, and
// this process leaves (without one, Node throws ERR_IPC_CHANNEL_CLOSED, stack and all).
const reply = (message: Reply) =>
  process.send!(message, (error: Error | null) => error && process.exit(1));

process.on('message', async (request: Request) => {
  // future.cancel() on a running task: Python says "too late"; here the task gets
  // an AbortSignal and checks it, so it can stop partway.
  if ('cancel' in request) return running.get(request.cancel)?.abort();
  const controller = new AbortController();
  running.set(request.id, controller);
  try {
    reply({ id: request.id, done: await runTask(request.job, controller.signal) });
  } catch (error) {
    // An exception does not cross a process by itself: send its message and stack,
    // and the parent raises it again where the result is awaited.
    const { message, stack } = error as Error;
    reply({ id: request.id, error: { message, stack } });
  } finally {
    running.delete(request.id);
  }
});

reply({ ready: true }); // booted: the parent hands this process work from now on
