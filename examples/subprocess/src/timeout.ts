// Part two: subprocess.run(timeout=...), and what it leaves out. A child that runs
// too long is killed; but a child may have children of its own, and killing the
// child alone leaves them running, still holding its pipes. So the child is started
// as the leader of a new process group, and the whole group is killed.
import { type StdioOptions, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { emit, runnableChild, scaled } from '@concurrency/trace';
import { nominal } from './setup.ts';

const program = new URL('./child-sleeper.ts', import.meta.url);

// try: subprocess.run(cmd, timeout=1, start_new_session=True)
// except TimeoutExpired: os.killpg(proc.pid, SIGKILL)  (run() kills the child alone)
export async function runWithTimeout(): Promise<void> {
  // detached: the child leads a new process group (setsid), its grandchild in it.
  // Node's own `timeout` option (spawn, execFile) kills only the child, as run() does.
  const file = fileURLToPath(runnableChild(program).url);
  // A fourth stream, fd 3, held open by this process while it lives (child-sleeper.ts).
  const stdio: StdioOptions = ['ignore', 'pipe', 'pipe', 'pipe'];
  const child = spawn(process.execPath, [file], { detached: true, stdio });
  const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  // A minus sign before the pid names the group: the child and all it started.
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {} // the group is gone already
  };
  // Ctrl-C signals the terminal's process group, which the new group has left: pass
  // it on, then die of the signal as Node would have (no listener is left by then).
  const passOn = (signal: NodeJS.Signals) => {
    killGroup();
    process.kill(process.pid, signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, passOn);
  emit('main', 'spawned', `Parent started a child, pid ${child.pid}, that starts a grandchild`, {
    pid: child.pid ?? -1,
  });
  // The timeout, on the parent's clock: when it fires, the whole group goes.
  // SIGKILL, not SIGTERM: a program that ignores its timeout may ignore SIGTERM too.
  const limit = setTimeout(() => {
    emit('main', 'timeout', `Parent: no exit after ${nominal.timeoutMs / 1000} s, kills the group`);
    killGroup();
  }, scaled(nominal.timeoutMs));
  // 'close' comes once every holder of the child's pipes has gone: with the
  // grandchild alive (killed the child alone), it would wait out the grandchild.
  const [code, signal] = await closed;
  // Done: no timeout left to fire, and signals are this process's own again.
  clearTimeout(limit);
  for (const each of ['SIGINT', 'SIGTERM'] as const) process.off(each, passOn);
  emit('main', 'killed', `Child ended with code ${code}, killed by ${signal}`, { signal });
}
