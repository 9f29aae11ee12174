// `--python`: the toy program's twin (python/event_loop.py) on asyncio's real loop.
// Its lines are shown as they come, `[asyncio] ...`, and traced as actor `asyncio`,
// event = the step, so a test can lay asyncio's order beside the toy loop's. They
// reach the trace together at the end, so each carries its time on Python's clock.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { emit } from '@concurrency/trace';

const script = fileURLToPath(new URL('../python/event_loop.py', import.meta.url));

/** Runs the Python program; a failure of python3 is an error naming its last line. */
export async function runAsyncioProgram(): Promise<void> {
  const python = spawn('python3', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  python.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = once(python, 'close') as Promise<[number | null, string | null]>;
  closed.catch(() => {}); // an 'error' (no python3) is reported below, once
  try {
    for await (const line of createInterface({ input: python.stdout })) {
      // "<step>\t<ms on Python's clock>\t<text>"
      const [step, ms, text] = line.split('\t');
      if (text === undefined) throw new Error(`python3 printed ${JSON.stringify(line)}`);
      emit('asyncio', step!, `[asyncio] ${text}`, { ms: Number(ms) });
    }
    const [code, signal] = await closed;
    if (code === 0) return;
    const said = stderr.trim().split('\n').at(-1) ?? '';
    throw new Error(`python3 exited with ${signal ?? `code ${code}`}: ${said}`);
  } catch (error) {
    python.kill();
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('python3 is not installed: --python needs it');
    }
    throw error;
  }
}
