import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Run one of the bench's Python scripts; it prints its figures as one JSON object. */
export async function runPython(script: string, args: (string | number)[] = []): Promise<unknown> {
  const path = fileURLToPath(new URL(`../python/${script}`, import.meta.url));
  try {
    const { stdout } = await run('python3', [path, ...args.map(String)], {
      timeout: 120_000,
      killSignal: 'SIGKILL',
    });
    return JSON.parse(stdout);
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') throw new Error('python3 is not installed');
    const last = stderr?.trim().split('\n').at(-1);
    throw new Error(`python3 ${script} failed${last ? `: ${last}` : ''}`);
  }
}
