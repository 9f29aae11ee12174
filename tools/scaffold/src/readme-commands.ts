// A take-away's README names only commands that exist in the copy. The example's
// own commands become npm's (`pnpm --filter threads start --` → `npm start --`); the
// repository's (`pnpm timelines`, `pnpm bench`, the tour's `pnpm start`) are named in
// words, as things of the repository; a script the copy lacks (`npm test` in a bare
// copy) likewise.

const repositoryCommands: Record<string, string> = {
  timelines: "the repository's timeline tool",
  bench: "the repository's bench",
  start: "the repository's tour",
  test: "the repository's test run",
};

/** The README with every command said as the copy runs it, or in words. */
export function readmeForCopy(readme: string, from: string, scripts: readonly string[]): string {
  const own = new RegExp(`pnpm --filter ${from} (\\w+)( --)?`, 'g');
  const npm = readme.replace(own, (whole, script: string, dashes = '') =>
    scripts.includes(script) ? `npm ${script}${dashes}` : whole,
  );
  const lines: string[] = [];
  let fenced = false;
  for (const line of npm.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    // In a block of commands, a line that runs what the copy lacks is left out.
    if (fenced && /^\s*(\$ )?(pnpm|npm) /.test(line) && !runsHere(line, scripts)) continue;
    lines.push(fenced ? line : inWords(line, scripts));
  }
  return lines.join('\n');
}

/** Inline `pnpm ...` (and `npm <script>` the copy lacks) said in words. */
function inWords(line: string, scripts: readonly string[]): string {
  return line.replace(/`(pnpm|npm) ([^`]*)`/g, (whole, tool: string, rest: string) => {
    if (tool === 'npm' && runsHere(whole.slice(1, -1), scripts)) return whole;
    const script = /^(?:run )?([\w:-]+)/.exec(rest)?.[1] ?? '';
    return repositoryCommands[script] ?? 'a command of the repository';
  });
}

/** True for `npm install`, `npm start ...`, `npm test ...` where the copy has that script. */
export function runsHere(command: string, scripts: readonly string[]): boolean {
  const match = /^\s*(?:\$ )?(?:[A-Z_]+=\S+ )*npm (?:run )?([\w:-]+)/.exec(command);
  if (!match) return false;
  return match[1] === 'install' || match[1] === 'ci' || scripts.includes(match[1]!);
}

/** Every command a README names: inline `pnpm/npm ...` and lines of fenced blocks. */
export function commandsIn(readme: string): string[] {
  const found: string[] = [];
  let fenced = false;
  for (const line of readme.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    else if (fenced && /^\s*(\$ )?([A-Z_]+=\S+ )*(pnpm|npm|npx) /.test(line))
      found.push(line.trim());
    if (!fenced) {
      for (const match of line.matchAll(/`((?:[A-Z_]+=\S+ )*(?:pnpm|npm|npx) [^`]*)`/g)) {
        found.push(match[1]!);
      }
    }
  }
  return found;
}
