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

process.on('message', async (request: Request) => {
  if ('cancel' in request) {
    // future.cancel() on a running task: Python says "too late". Here the task
    // gets an AbortSignal and checks it, so it can stop partway.
    running.get(request.cancel)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(request.id, controller);
  let reply: Reply;
  try {
    reply = { id: request.id, done: await runTask(request.job, controller.signal) };
  } catch (error) {
    // An exception does not cross a process by itself: send its message and stack,
    // and the parent raises it again where the result is awaited.
    const { message, stack } = error as Error;
    reply = { id: request.id, error: { message, stack } };
  }
  running.delete(request.id);
  process.send?.(reply);
});

// Booted: the parent hands this process work from now on.
process.send?.({ ready: true } satisfies Reply);
