import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// A claim that once went stale (issue 20.5): children and workers are bundled
// (runnableChild, workerEntry) and start without tsx, yet READMEs, docs and comments
// went on saying a child "needs tsx's loader". Any line that names tsx's loader is
// taken for that claim, unless it says what tsx's loader does NOT do ("does not reach
// worker threads", "no tsx loader to boot"). `pnpm start` running main.ts through tsx,
// which is true, does not name the loader and is not flagged. The conformance tool's
// own files (this one, its tests' fixtures) describe the claim and are not read.

const CLAIM = /\btsx(?:'s)? loader\b/i;
const DENIAL = /\b(?:does|do) not reach\b|\bno tsx loader\b/i;

/**
 * The files that still make the claim today: each is corrected on its example's
 * branch, and the coordinator empties this list once they are merged.
 */
export const stillSayChildrenLoadTsx: readonly string[] = [];

const SELF = 'tools/conformance/';

/** Where the claim is looked for: READMEs, docs, and the sources' comments. */
function scanned(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(md|ts|mjs)$/.test(entry.name)) files.push(path);
    }
  };
  if (existsSync(join(root, 'README.md'))) files.push(join(root, 'README.md'));
  for (const top of ['docs', 'examples', 'packages', 'tools']) walk(join(root, top));
  return files.map((file) => relative(root, file).split(sep).join('/')).sort();
}

/** Each line that says children or workers load tsx's loader: `file:line: text`. */
export function tsxLoaderClaims(
  root: string,
  exempt: readonly string[] = stillSayChildrenLoadTsx,
): { file: string; line: number; text: string }[] {
  const found: { file: string; line: number; text: string }[] = [];
  for (const file of scanned(root)) {
    if (exempt.includes(file) || file.startsWith(SELF)) continue;
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((text, index) => {
      if (CLAIM.test(text) && !DENIAL.test(text)) found.push({ file, line: index + 1, text });
    });
  }
  return found;
}
