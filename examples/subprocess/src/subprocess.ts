// Part one: asyncio.create_subprocess_exec, on node:child_process's spawn. Two other
// programs run at once; the parent writes to their stdin, reads their stdout line by
// line as it comes (not at the end), reads their stderr apart, and gets their exit.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { emit, runnableChild } from '@concurrency/trace';
import { nominal } from './setup.ts';

// The program both children run: a file, not a function (child-lines.ts).
const program = new URL('./child-lines.ts', import.meta.url);

// proc = await asyncio.create_subprocess_exec(sys.executable, "child.py", name,
//                                             stdin=PIPE, stdout=PIPE, stderr=PIPE)
// spawn starts a program with no shell between: the arguments go to it as they are,
// nothing is split or expanded. runnableChild (this project's one helper) hands Node
// the TypeScript child as plain JavaScript. `signal` kills the child on abort.
function start(name: 'a' | 'b', fail: boolean, signal: AbortSignal): ChildProcess {
  const file = fileURLToPath(runnableChild(program).url);
  const args = [file, name, String(nominal.lineMs[name]), fail ? 'fail' : ''];
  return spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], signal });
}

// async def run(name): the whole life of one child, from start to exit code.
async function run(name: 'a' | 'b', lines: number, fail: boolean, signal: AbortSignal) {
  const child = start(name, fail, signal);
  emit(`child-${name}`, 'start', `Parent started child ${name}, pid ${child.pid}`);
  // 'close' fires once: listen from the start (it comes after stdout and stderr end).
  const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  closed.catch(() => {}); // it may fail (killed by the abort) before it is awaited
  // proc.stdin.write(...); proc.stdin.close(): the child reads to the end of its input.
  // (stdin, stdout and stderr exist because stdio asked for pipes: hence the `!`.)
  const input = Array.from({ length: lines }, (_, i) => `line ${i + 1} for ${name}\n`);
  child.stdin!.end(input.join(''));
  // stderr = await proc.stderr.read(): kept apart, for the exit report.
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  // async for line in proc.stdout: each line the moment the child writes it, while the
  // child still runs. readline splits the byte stream into lines for us.
  for await (const line of createInterface({ input: child.stdout! })) {
    emit(`child-${name}`, 'got', `Parent got from ${name}: ${line}`);
  }
  // await proc.wait(): the exit code, or the signal that killed it (then code is null).
  const [code, killedBy] = await closed;
  // A Node child that threw printed its stack: its error line says the most.
  const said = (/^\w*Error\b.*$/m.exec(stderr) ?? [stderr.trim().split('\n').at(-1)])[0];
  if (code !== 0)
    throw new Error(`child ${name} exited with ${killedBy ?? `code ${code}`}: ${said}`);
  emit(`child-${name}`, 'exit', `Child ${name} exited with code ${code}; stderr: ${said}`);
}

/**
 * Two children at once, as `asyncio.gather` of two `create_subprocess_exec` runs:
 * both stream their lines while the other runs. If one fails, the other is
 * killed (through the AbortSignal) and the failure goes up.
 */
export async function twoAtOnce({ lines = nominal.lines as number, failing = false } = {}) {
  const stop = new AbortController();
  const runs = [run('a', lines, false, stop.signal), run('b', lines, failing, stop.signal)];
  try {
    // await asyncio.gather(run("a"), run("b"))
    await Promise.all(runs);
  } catch (error) {
    stop.abort(); // SIGTERM to whichever child still runs
    await Promise.allSettled(runs);
    throw error;
  }
}
