import { readFileSync, writeFileSync } from 'node:fs';

// A README shows real output between these two markers; a test compares that
// block with a fresh run, so the lesson cannot drift from what the code does.
const START = '<!-- output:start -->';
const END = '<!-- output:end -->';
const BLOCK = new RegExp(`${START}\\n\`\`\`text\\n([\\s\\S]*?)\`\`\`\\n${END}`);

export function readmeOutput(readmePath: string): string[] {
  const found = BLOCK.exec(readFileSync(readmePath, 'utf8'));
  if (!found) throw new Error(`${readmePath} has no output block between ${START} and ${END}`);
  return found[1]!.split('\n').filter((line) => line !== '');
}

function lines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line !== '');
}

/**
 * The README's output block holds the same lines as `stdout`: nothing extra,
 * nothing missing. Concurrent lines may come in another order from run to run,
 * so by default the comparison is of the sorted lines; `ordered` demands the
 * same order too. With UPDATE_README=1 the block is rewritten from this run.
 */
export function readmeMismatch(
  readmePath: string,
  stdout: string,
  { ordered = false }: { ordered?: boolean } = {},
): string | undefined {
  const actual = lines(stdout);
  if (process.env.UPDATE_README === '1') {
    const text = readFileSync(readmePath, 'utf8');
    const block = `${START}\n\`\`\`text\n${actual.join('\n')}\n\`\`\`\n${END}`;
    writeFileSync(
      readmePath,
      text.replace(BLOCK, () => block),
    );
  }
  const shown = readmeOutput(readmePath);
  const normalise = (list: string[]) => (ordered ? list : [...list].sort());
  const a = normalise(shown);
  const b = normalise(actual);
  if (a.length === b.length && a.every((line, i) => line === b[i])) return undefined;
  const missing = b.filter((line) => !a.includes(line));
  const extra = a.filter((line) => !b.includes(line));
  return [
    `${readmePath}: the output block does not match a real run`,
    missing.length ? `run printed, README lacks: ${JSON.stringify(missing)}` : '',
    extra.length ? `README shows, run did not print: ${JSON.stringify(extra)}` : '',
    'rerun the test with UPDATE_README=1 to refresh it',
  ]
    .filter(Boolean)
    .join('\n');
}
