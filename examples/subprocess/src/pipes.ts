// Part three: how much output a parent holds, and who waits for whom. execFile
// collects it all, up to a limit; a stream read slowly makes the child wait; and a
// parent that waits for the exit before reading waits for ever.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { emit, runnableChild, sleep } from '@concurrency/trace';
import { kib, nominal, sizes } from './setup.ts';

// The program both runs start: it writes as many bytes as it is told to.
const program = new URL('./child-flood.ts', import.meta.url);
const flood = () => fileURLToPath(runnableChild(program).url);

// out = subprocess.run(cmd, capture_output=True).stdout: everything at once, at the
// end. Python keeps it all; execFile keeps at most maxBuffer (1 MiB unless said), and
// past it kills the child and fails with ERR_CHILD_PROCESS_STDIO_MAXBUFFER.
export async function collectAll(): Promise<void> {
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, [flood(), String(sizes.maxBuffer / 4)]);
  emit('main', 'collected', `execFile: all ${kib(stdout.length)} at once, after the exit`);
  // Four times the limit: execFile kills the child and rejects, saying why.
  const options = { maxBuffer: sizes.maxBuffer };
  const failed = await run(process.execPath, [flood(), String(sizes.tooMuch)], options).then(
    () => undefined,
    (error: NodeJS.ErrnoException) => `${error.code}: ${error.message}`,
  );
  emit('main', 'limit', `execFile, maxBuffer ${kib(sizes.maxBuffer)}: ${failed}`);
}

// proc = subprocess.Popen(cmd, stdout=PIPE)
// proc.stdout.read(16384); time.sleep(1); proc.stdout.read(); proc.wait()
// A slow reader slows the writer: once the pipe is full, the child's writes wait.
// `waitForExit` is the broken contrast: proc.wait() first, then read.
export async function readSlowly({ waitForExit = false } = {}): Promise<void> {
  const child = spawn(process.execPath, [flood(), String(sizes.flood)]);
  const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  // The child's stderr, passed on as it comes: it says when its pipe is full.
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    emit('main', 'relay', `Child said: ${text.trim()}`);
  });
  if (waitForExit) await exitOrDeadlock(child);
  let read = 0;
  // A readable stream is an async iterable: the next chunk is taken only when the
  // loop asks. While the loop sleeps, nothing is read and the pipe fills up.
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    read += chunk.length;
    // After the first chunk only: the reader takes a 1 s break.
    if (read === chunk.length) {
      emit('main', 'pause', `Parent: read ${kib(read)}, stops reading for 1 s`, { read });
      await sleep(nominal.pauseMs);
      emit('main', 'resume', 'Parent: reading again', { read });
    }
  }
  const [code] = await closed;
  emit('main', 'read-all', `Parent: read ${kib(read)} in all; exit code ${code}`, { read, code });
}

// proc.wait(timeout=5) before reading raises TimeoutExpired: the child waits for
// room in the pipe, the parent for the exit. Node's 'exit' has no timeout, so the
// parent bounds its wait itself, far past what the child needs; then it reports
// the deadlock in one line and kills the child. Never a hang.
async function exitOrDeadlock(child: ChildProcess): Promise<void> {
  const stop = new AbortController();
  const bound = sleep(nominal.deadlockMs, { signal: stop.signal }).then(() => 'stuck');
  const outcome = await Promise.race([bound, once(child, 'exit').then(() => 'exited')]);
  stop.abort(); // the bound's timer, if the exit came first
  await bound.catch(() => {});
  if (outcome === 'exited') return;
  const waited = `${nominal.deadlockMs / 1000} s`;
  emit('main', 'deadlock', `Parent: no exit after ${waited}; the child waits for us to read`);
  child.kill('SIGKILL');
  await once(child, 'exit');
  throw new Error('deadlock: the child filled its pipe and waited for a reader (killed)');
}
