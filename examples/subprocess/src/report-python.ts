// `--python`: the Python twins (python/subprocess_twins.py), run by python3 and read
// line by line the way part one reads its children. Not the lesson: its beside-view.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { emit } from '@concurrency/trace';

const script = fileURLToPath(new URL('../python/subprocess_twins.py', import.meta.url));

export async function runPythonTwins(): Promise<void> {
  // -B: no __pycache__ beside the script. Its stdin stays open: when this process
  // dies, python3 sees it close and ends, its own children with it.
  const python = spawn('python3', ['-B', script]);
  const closed = once(python, 'close') as Promise<[number | null, string | null]>;
  closed.catch(() => {});
  let stderr = '';
  python.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  for await (const line of createInterface({ input: python.stdout })) {
    emit('python', 'said', `Python: ${line}`);
  }
  const [code, signal] = await closed.catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    emit('main', 'no-python', 'python3 is not installed: the Python twins are left out');
    return [0, null] as const;
  });
  if (code !== 0) {
    const said = stderr.trim().split('\n').at(-1);
    throw new Error(`python3 exited with ${signal ?? `code ${code}`}: ${said}`);
  }
}
