import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * Where a package's built files of one kind (`runnable`, `harness`) are kept: its
 * `node_modules/.cache/<kind>`, or, where that cannot be written (a read-only
 * checkout), a folder of the same name under the OS temp folder.
 */
export function cacheDirs(packageDir: string, kind: string): [string, string] {
  const key = createHash('sha256').update(packageDir).digest('hex').slice(0, 12);
  return [
    join(packageDir, 'node_modules', '.cache', kind),
    join(tmpdir(), `concurrency-cache-${userInfo().uid}`, key, kind),
  ];
}

/**
 * The first of cacheDirs that exists (made if need be) and can be written, or an error
 * in one line naming both and what they answered.
 */
export function writableCacheDir(packageDir: string, kind: string): string {
  const answers: string[] = [];
  for (const dir of cacheDirs(packageDir, kind)) {
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
      return dir;
    } catch (error) {
      answers.push(`${dir} (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  throw new Error(
    `nowhere to write the ${kind} cache: make one of these writable: ${answers.join(', ')}`,
  );
}
