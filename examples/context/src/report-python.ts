// `--python`: the Python twins (python/context.py), run by python3 and printed line
// by line: contextvars and threading.local across asyncio tasks, a task's copy of the
// context, and what a thread sees. The README's claims about Python come from here.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { emit } from '@concurrency/trace';

const script = fileURLToPath(new URL('../python/context.py', import.meta.url));

export async function runPythonTwins(): Promise<void> {
  emit('main', 'part', '# The Python twins: python3 python/context.py');
  const run = await promisify(execFile)('python3', [script]).catch((error) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  });
  if (run === undefined) {
    emit('main', 'no-python', 'python3 is not installed: the Python twins are left out');
    return;
  }
  for (const line of run.stdout.trim().split('\n')) emit('python', 'line', line);
}
