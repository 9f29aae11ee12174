import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as pause } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { emit, runnableChild } from '@concurrency/trace';
import type { Report } from './child.ts';
import { nominal } from './timers.ts';

function forkFile(file: string, args: string[]): ChildProcess {
  // runnableChild: on Node 20 a .ts child needs tsx's loader; later Nodes run it as it is.
  const { url, execArgv } = runnableChild(new URL(file, import.meta.url));
  return fork(fileURLToPath(url), args, { execArgv });
}

// p.join(): the child's 'exit', listened to the moment it starts ('exit' fires
// once; listening after it fired would wait forever). A child that failed sends
// its error first, so the parent can raise it again with the child's own stack.
function exitOf(child: ChildProcess, name: string): Promise<void> {
  let report: Report | undefined;
  child.on('message', (message: Report) => {
    report = message;
  });
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
  const child = forkFile('./child.ts', [String(ticks), fail ? 'fail' : 'ok']);
  const exited = exitOf(child, 'the child');
  emit('main', 'continues', 'main: started a child; main continues without waiting');
  await exited; // p.join(): the parent chose to wait, now
  emit('main', 'joined', 'main: joined the child');
}

/** Run one scene of src/scene.ts as its own program and wait for it to end. */
export async function scene(name: 'daemon' | 'normal', option?: string): Promise<void> {
  const program = forkFile('./scene.ts', option ? [name, option] : [name]);
  await exitOf(program, `the ${name} program`);
  emit('main', 'scene-ended', `main: the ${name} program has ended`);
}

/**
 * A detached, unref'd child outlives the program that started it. The lesson
 * shows it still ticking after its parent exited, then stops it itself: nothing
 * may be left running.
 */
export async function detachedChild(): Promise<void> {
  const path = join(tmpdir(), `orphan-${process.pid}.sock`);
  rmSync(path, { force: true });
  const server = createServer().listen(path);
  try {
    await once(server, 'listening');
    const program = forkFile('./scene.ts', ['detached', path]);
    const programEnded = exitOf(program, 'the detached program');
    const [socket] = (await once(server, 'connection')) as [Socket];
    const lines = createInterface({ input: socket })[Symbol.asyncIterator]();
    const pid = Number(await nextLine(lines));
    await programEnded;
    while ((await nextLine(lines)) !== 'orphaned'); // it tells when it finds its parent gone
    emit('main', 'heard', 'main: the detached child reports its parent gone, and runs on');
    // Let it tick a few times more, on its own, before stopping it.
    for (let ticks = 0; ticks < nominal.orphanTicksShown; ) {
      if ((await nextLine(lines)).startsWith('tick')) ticks++;
    }
    // detached: it leads a process group of its own, apart from this run's group.
    const group = processGroupOf(pid);
    emit('main', 'outlived', 'main: the detached program has exited; its child still runs', {
      orphan: pid,
      group,
      ownGroup: processGroupOf(process.pid),
    });
    process.kill(pid, 'SIGTERM');
    await once(socket, 'close');
    emit('main', 'stopped', 'main: sent it SIGTERM; its socket has closed');
    while (isRunning(pid)) await pause(10);
    emit('main', 'cleaned', 'main: stopped the detached child; nothing is left running', {
      orphan: pid,
    });
  } finally {
    server.close();
  }
}

async function nextLine(lines: AsyncIterator<string>): Promise<string> {
  const { value, done } = await lines.next();
  if (done) throw new Error('the detached child hung up before saying it was orphaned');
  return value;
}

function processGroupOf(pid: number): number {
  return Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }));
}

/** True while a process runs: ps lists it and it is not a zombie (ended, not yet reaped). */
export function isRunning(pid: number): boolean {
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
    return state.trim() !== '' && !state.trim().startsWith('Z');
  } catch {
    return false; // ps exits 1 when no such process exists
  }
}
