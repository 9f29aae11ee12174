// Part three: how much output a parent holds, and who waits for whom. execFile
// collects it all, up to a limit; a stream read slowly makes the child wait; and a
// parent that waits for the exit before reading waits for ever.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { emit, runnableChild, sleep } from '@concurrency/trace';
import { kib, nominal, sizes } from './setup.ts';

const program = new URL('./child-flood.ts', import.meta.url);
const flood = () => fileURLToPath(runnableChild(program).url);

// out = subprocess.run(cmd, capture_output=True).stdout: everything at once, at the
// end. Python keeps it all; execFile keeps at most maxBuffer (1 MiB unless said), and
// past it kills the child and fails with ERR_CHILD_PROCESS_STDIO_MAXBUFFER.
export async function collectAll(): Promise<void> {
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, [flood(), String(sizes.maxBuffer / 4)]);
  emit('main', 'collected', `execFile: all ${kib(stdout.length)} at once, after the exit`);
  const options = { maxBuffer: sizes.maxBuffer };
  const error = await run(process.execPath, [flood(), String(sizes.tooMuch)], options).then(
    () => undefined,
    (failure: NodeJS.ErrnoException) => failure,
  );
  const limit = `maxBuffer ${kib(sizes.maxBuffer)}`;
  emit('main', 'limit', `execFile, ${limit}: ${error?.code}: ${error?.message}`);
}

// proc = subprocess.Popen(cmd, stdout=PIPE)
// proc.stdout.read(16384); time.sleep(1); proc.stdout.read(); proc.wait()
// A slow reader slows the writer: once the pipe is full, the child's writes wait.
// `waitForExit` is the broken contrast: proc.wait() first, then read.
export async function readSlowly({ waitForExit = false } = {}): Promise<void> {
  const child = spawn(process.execPath, [flood(), String(sizes.flood)]);
  const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    emit('main', 'relay', `Child said: ${text.trim()}`);
  });
  if (waitForExit) await exitOrDeadlock(child);
  let read = 0;
  // A readable stream is an async iterable: the next chunk is taken only when the
  // loop asks. While the loop sleeps, nothing is read and the pipe fills up.
  for await (const chunk of child.stdout) {
    read += (chunk as Buffer).length;
    if (read === (chunk as Buffer).length) {
      emit('main', 'pause', `Parent: read ${kib(read)}, stops reading for 1 s`, { read });
      await sleep(nominal.pauseMs);
      emit('main', 'resume', 'Parent: reading again', { read });
    }
  }
  const [code] = await closed;
  emit('main', 'read-all', `Parent: read ${kib(read)} in all; exit code ${code}`, { read, code });
}

// proc.wait(timeout=2) before reading raises TimeoutExpired: the child waits for
// room in the pipe, the parent for the exit. Node has no such timeout on 'exit', so
// the parent bounds its wait itself, reports the deadlock and kills the child.
async function exitOrDeadlock(child: ReturnType<typeof spawn>): Promise<void> {
  const bound = new AbortController();
  const stuck = sleep(nominal.deadlockMs, { signal: bound.signal }).then(() => true);
  const exited = once(child, 'exit').then(() => false);
  const deadlocked = await Promise.race([stuck, exited]);
  bound.abort();
  await stuck.catch(() => {});
  if (!deadlocked) return;
  emit('main', 'deadlock', undefined); // traced, not printed: the error says it
  child.kill('SIGKILL');
  await once(child, 'exit');
  const waited = `${nominal.deadlockMs / 1000} s`;
  throw new Error(
    `deadlock: no exit after ${waited}; the child waits for room in a pipe nobody reads (killed)`,
  );
}
