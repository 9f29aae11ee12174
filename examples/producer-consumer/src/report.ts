// What main prints once a version has ended: what the file holds, read back from it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { emit } from '@concurrency/trace';

export function reportFile(path: string): void {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const twice = lines.length - new Set(lines).size;
  const count = `${lines.length} ${lines.length === 1 ? 'message' : 'messages'}`;
  const once = twice === 0 ? 'none twice' : `${twice} twice`;
  emit('main', 'file', `Main: ${path} holds ${count}, ${once}`, {
    lines: lines.length,
    path: resolve(path),
  });
}
