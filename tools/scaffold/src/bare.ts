import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { UsageError } from '@concurrency/trace';
import { bareShim } from './bare-shim.ts';
import { closure, collectWanted, NPM_QUIET, readIgnoredBuilds, type Wanted } from './eject.ts';
import { installedTree, installedVersions } from './installed.ts';
import { readmeForCopy } from './readme-commands.ts';

// The bare take-away (`--bare`): the lesson alone, as a reader would paste it into
// their own project. The files main.ts reaches in src/, with `@concurrency/trace`
// replaced by lib/trace.ts, a shim made of only what they import (bare-shim.ts); a
// package.json whose one script is `npm start`; no tests, no harness, no trace.

const TRACE = '@concurrency/trace';
const SHIM = 'lib/trace.ts';

export interface BarePlan {
  root: string;
  /** The copied (and renamed) example, turned into the bare package in place. */
  dir: string;
  name: string;
  from: string;
}

/** Turn a copied example in `dir` into the bare take-away; returns the files it keeps. */
export function bare({ root, dir, name, from }: BarePlan): string[] {
  const srcDir = join(dir, 'src');
  const lesson = closure(srcDir, ['main.ts']).map((file) => `src/${file}`);
  const wanted: Wanted = { names: new Map(), subpaths: new Set() };
  for (const file of lesson) collectWanted(readFileSync(join(dir, file), 'utf8'), file, wanted);
  const other = [...wanted.names.keys(), ...wanted.subpaths].filter((pkg) => pkg !== TRACE);
  if (other.length > 0) {
    throw new UsageError(
      `${from}'s lesson imports ${other.join(', ')}: a bare copy has only ${TRACE}`,
    );
  }
  const shim = bareShim([...(wanted.names.get(TRACE) ?? [])].filter((n) => n !== '*'));

  // Everything else of the example goes: tests, README, configs, files main.ts never
  // reaches; but python/, the twins its --python runs, stays.
  const keep = new Set([...lesson, ...filesUnder(dir).filter((f) => f.startsWith('python/'))]);
  const exampleReadme = readFileSync(join(dir, 'README.md'), 'utf8');
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const file of filesUnder(dir)) if (!keep.has(file)) rmSync(join(dir, file));
  removeEmptyFolders(dir);

  for (const file of lesson) {
    const relative = posix.relative(posix.dirname(file), SHIM);
    const text = readFileSync(join(dir, file), 'utf8');
    writeFileSync(join(dir, file), text.replaceAll(`'${TRACE}'`, `'${relative}'`));
  }
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  write(SHIM, shim);

  // Exact versions, as installed here: what this repository ran the lesson with.
  const exampleDir = join(root, 'examples', from);
  const runtime = Object.entries(manifest.dependencies ?? {})
    .filter(([, range]) => !String(range).startsWith('workspace:'))
    .map(([dep]) => dep);
  if (!runtime.includes('tsx')) runtime.push('tsx');
  const workspaceYaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const tree = installedTree(exampleDir, runtime);
  const skipped = readIgnoredBuilds(workspaceYaml).filter((dep) => tree.has(dep));
  const pkg = {
    name,
    private: true,
    type: 'module',
    description: manifest.description,
    engines: { node: '>=20.6' },
    scripts: { start: 'node --import tsx src/main.ts' },
    dependencies: installedVersions(exampleDir, runtime.sort()),
    ...(skipped.length > 0
      ? { allowScripts: Object.fromEntries(skipped.map((dep) => [dep, false])) }
      : {}),
  };
  write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  write('.gitignore', 'node_modules\n');
  write('.npmrc', NPM_QUIET);
  write('README.md', bareReadme(exampleReadme, name, from, skipped));
  return filesUnder(dir);
}

/** The example's heading and opening paragraphs, then how to run the copy. */
function bareReadme(readme: string, name: string, from: string, skipped: string[]): string {
  const [heading, ...rest] = readme.split('\n');
  const firstSection = rest.findIndex((line) => line.startsWith('## '));
  const intro = readmeForCopy(
    rest.slice(0, firstSection < 0 ? undefined : firstSection).join('\n'),
    from,
    ['start'],
  );
  const notes = skipped.map(
    (dep) =>
      `\`${dep}\`'s install script is skipped (\`allowScripts\`): what it builds is optional.`,
  );
  return [
    heading,
    intro.trimEnd(),
    '',
    '## Run it',
    '',
    '```sh',
    'npm install',
    'npm start',
    'npm start -- --help',
    'CONCURRENCY_TIME_SCALE=0.2 npm start',
    '```',
    '',
    `The lesson is \`src/\`, read from \`src/main.ts\`. \`${SHIM}\` stands in for the`,
    "repository's shared package: it prints each line and scales each sleep by",
    '`CONCURRENCY_TIME_SCALE`, nothing more.',
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
    `> Taken out of the concurrency-by-example repository (its \`examples/${from}\`, where`,
    `> its tests and proofs live) as ${name}, by the repository's scaffolder with --bare.`,
    '',
  ].join('\n');
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const file = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(dir, file) : [file];
  });
}

function removeEmptyFolders(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    removeEmptyFolders(path);
    if (existsSync(path) && readdirSync(path).length === 0) rmSync(path, { recursive: true });
  }
}
