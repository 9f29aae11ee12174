// `--python`: the same eight calls through asyncio's default executor, in python3
// (python/default_executor.py), its lines printed as they are. Not the lesson.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { emit, timeScale } from '@concurrency/trace';
import { nominal } from './libuv-pool.ts';

const script = fileURLToPath(new URL('../python/default_executor.py', import.meta.url));

export async function runPythonTwin(calls: number): Promise<void> {
  emit('main', 'part', `# python3: ${calls} pbkdf2_hmac calls through run_in_executor(None, ...)`);
  const rounds = Math.max(1, Math.round(nominal.iterations * timeScale()));
  const run = await promisify(execFile)('python3', [script, String(calls), String(rounds)]).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new Error(`python3 failed: ${String(error.message).split('\n')[0]}`);
    },
  );
  if (run === undefined) emit('main', 'no-python', 'python3 is not installed: no Python twin');
  for (const line of run?.stdout.trim().split('\n') ?? []) emit('python', 'said', line);
}
