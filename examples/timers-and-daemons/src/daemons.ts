// Children a program does not wait for: one not joined yet, and one detached that
// outlives the program that started it. Each program whose end the lesson watches
// runs as a child process of its own (scene.ts): a process can exit only once.
import { type ChildProcess, fork, type StdioOptions } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as pause } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { emit, runnableChild } from '@concurrency/trace';
import type { Report } from './child.ts';
import { groups, isRunning, nextLine } from './proof.ts';
import { nominal } from './setup.ts';

// multiprocessing.Process(target=...).start(): fork() runs a Node program as a child
// process, with an IPC channel to it, and returns at once.
function forkFile(file: string, args: string[], stdio?: StdioOptions): ChildProcess {
  // runnableChild: a bundle of the .ts file that any Node runs (Node 20 cannot load .ts).
  const { url, execArgv } = runnableChild(new URL(file, import.meta.url));
  return fork(fileURLToPath(url), args, { execArgv, stdio });
}

// p.join(): the child's 'exit', listened to the moment it starts ('exit' fires
// once; listening after it fired would wait forever). A child that failed sends
// its error first, so the parent can raise it again with the child's own stack.
function exitOf(child: ChildProcess, name: string): Promise<void> {
  let report: Report | undefined;
  child.on('message', (message: Report) => {
    report = message;
  });
  // Python's p.exitcode: 0, a failure's 1, or minus the signal that killed it.
  return once(child, 'exit').then(([code, signal]) => {
    if (report) throw Object.assign(new Error(report.error.message), report.error);
    if (code !== 0) throw new Error(`${name} exited with ${signal ?? `code ${code}`}`);
  });
}

/**
 * "Main process continues...": the parent starts a child and does not wait; its
 * own line comes first, the child runs to its end anyway, and the parent decides
 * when (here: at the end of the part) to wait for it.
 */
export async function notJoined({ ticks = 3, fail = false } = {}): Promise<void> {
  // p = multiprocessing.Process(target=work); p.start()
  const child = forkFile('./child.ts', [String(ticks), fail ? 'fail' : 'ok']);
  const exited = exitOf(child, 'the child');
  // print("Main process continues...")
  emit('main', 'continues', 'main: started a child; main continues without waiting');
  await exited; // p.join(): the parent chose to wait, now
  emit('main', 'joined', 'main: joined the child');
}

/** Run one scene of src/scene.ts as its own program and wait for it to end. */
export async function scene(name: 'daemon' | 'normal', option?: string): Promise<void> {
  emit('main', 'starts', `main: starting the ${name} program, a process of its own`);
  await exitOf(forkFile('./scene.ts', option ? [name, option] : [name]), `the ${name} program`);
  emit('main', 'scene-ended', `main: the ${name} program has ended`);
}

/**
 * A detached, unref'd child outlives the program that started it. The lesson
 * shows it ticking after its parent exited, then stops it itself: nothing may be
 * left running. It reports over a pipe: fd 4 of its program, which hands it on.
 */
export async function detachedChild(): Promise<void> {
  emit('main', 'starts', 'main: starting the detached program, a process of its own');
  const program = forkFile(
    './scene.ts',
    ['detached'],
    ['inherit', 'inherit', 'inherit', 'ipc', 'pipe'],
  );
  // The child's reports, line by line, from the pipe on the program's fd 4.
  const lines = createInterface({ input: program.stdio[4] as Readable })[Symbol.asyncIterator]();
  // The program exits at once, after starting its child: its exit ends the wait.
  await exitOf(program, 'the detached program');
  // Its reports: its pid first, then "tick N" lines, and "orphaned" once its
  // parent is gone. Each wait names what the child had not said, should it hang up.
  const pid = Number(await nextLine(lines, 'saying its pid'));
  while ((await nextLine(lines, 'saying it was orphaned')) !== 'orphaned');
  const shown = nominal.orphanTicksShown;
  emit('main', 'heard', `main: the detached child reports its parent gone; ${shown} more ticks`);
  // Let it tick a few times more, on its own, before stopping it: its parent is
  // gone, and init (or a subreaper) is now its parent.
  for (let ticks = 0; ticks < shown; ) {
    const line = await nextLine(lines, `ticking ${shown} times on its own`);
    if (line.startsWith('tick')) ticks++;
  }
  // detached: it leads a process group of its own, apart from this run's group.
  emit(
    'main',
    'outlived',
    'main: the detached program has exited; its child still runs',
    groups(pid),
  );
  // It is in no group of ours and no terminal's: stop it by its pid.
  // os.kill(pid, signal.SIGTERM)
  process.kill(pid, 'SIGTERM');
  // It is not our child, so no 'exit' event comes: its end of the pipe closing
  // says it is gone, and ps, that it has been reaped.
  while (!(await lines.next()).done);
  emit('main', 'stopped', 'main: sent it SIGTERM; its pipe has closed');
  while (isRunning(pid)) await pause(10);
  emit('main', 'cleaned', 'main: stopped the detached child; nothing is left running', {
    orphan: pid,
  });
}
