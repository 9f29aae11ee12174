import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { checkShape } from './shape.ts';

/** One broken rule: the file it is about (relative to the workspace) and the rule's name. */
export interface Violation {
  file: string;
  rule: string;
  detail: string;
}

export const SCRIPTS = ['start', 'test', 'typecheck', 'lint'] as const;

// The lesson's shape, from docs/writing-an-example.md. A heading may go on after
// these words ("## The pitfall: console.log in a worker").
export const SECTIONS = [
  '## What it shows',
  '## The Python it mirrors',
  '## Run it',
  '## Output',
  '## What to notice',
  '## The pitfall',
] as const;

export interface Workspace {
  root: string;
  /** The names in the course list, in order. */
  course: readonly string[];
  /** The file the course list lives in, for messages. */
  courseFile: string;
  /** The examples the shape rules skip (shape.ts's list unless given). */
  notYetReshaped?: readonly string[];
  /** The examples whose lesson path may be long (shape.ts's list unless given). */
  pathsStillLong?: Readonly<Record<string, string>>;
  /** The files the tsx-loader check skips (claims.ts's list unless given). */
  stillSayChildrenLoadTsx?: readonly string[];
}

/** Every rule, for one example folder. */
export function checkExample(ws: Workspace, name: string): Violation[] {
  const dir = join(ws.root, 'examples', name);
  const at = (file: string) => relative(ws.root, join(dir, file)).split(sep).join('/');
  const found: Violation[] = [];
  const flag = (file: string, rule: string, detail: string) =>
    found.push({ file: at(file), rule, detail });

  const manifest = readJson(join(dir, 'package.json'));
  if (!manifest) {
    flag('package.json', 'package', 'is missing or not JSON');
  } else {
    const scripts = manifest.scripts ?? {};
    const missing = SCRIPTS.filter((script) => typeof scripts[script] !== 'string');
    if (missing.length > 0) flag('package.json', 'scripts', `has no ${missing.join(', ')} script`);
    if (manifest.name !== name) {
      flag('package.json', 'package name', `is ${JSON.stringify(manifest.name)}, not "${name}"`);
    }
    const deps = { ...manifest.dependencies, ...manifest.devDependencies };
    for (const dep of Object.keys(deps).filter((d) => isOtherExample(ws, name, d))) {
      flag('package.json', 'no other example', `depends on the example ${dep}`);
    }
  }
  if (!ws.course.includes(name)) {
    flag('package.json', 'course', `is not in the course list (${ws.courseFile})`);
  }
  for (const file of sourceFiles(dir)) {
    for (const specifier of importsOf(readFileSync(join(dir, file), 'utf8'))) {
      const other = otherExampleImported(ws, name, dirname(join(dir, file)), specifier);
      if (other) flag(file, 'no other example', `imports "${specifier}" from the example ${other}`);
    }
  }
  checkReadme(dir, name, flag);
  checkTests(dir, flag);
  checkShape(dir, name, flag, ws.notYetReshaped, ws.pathsStillLong);
  return found;
}

type Flag = (file: string, rule: string, detail: string) => void;

function checkReadme(dir: string, name: string, flag: Flag): void {
  const path = join(dir, 'README.md');
  if (!existsSync(path)) {
    flag('README.md', 'README sections', 'is missing');
    return;
  }
  const text = readFileSync(path, 'utf8');
  const headings = text.split('\n').filter((line) => line.startsWith('#'));
  if (headings[0] !== `# ${name}`) {
    flag(
      'README.md',
      'README sections',
      `starts with ${JSON.stringify(headings[0] ?? '')}, not "# ${name}"`,
    );
  }
  const absent = SECTIONS.filter((section) => !headings.some((h) => h.startsWith(section)));
  if (absent.length > 0) {
    flag('README.md', 'README sections', `has no ${absent.map((s) => `"${s}"`).join(', ')}`);
  }
  if (!text.includes('<!-- output:start -->') || !text.includes('<!-- output:end -->')) {
    flag('README.md', 'output block', 'has no <!-- output:start --> ... <!-- output:end --> block');
  }
  if (!/!\[[^\]]*\]\(timeline\.svg\)/.test(text)) {
    flag('README.md', 'timeline', 'does not show its timeline: ![...](timeline.svg)');
  }
  if (!text.includes(`pnpm timelines --only ${name} --chrome-trace`)) {
    flag(
      'README.md',
      'timeline',
      `does not say how to open a run in Perfetto (\`pnpm timelines --only ${name} --chrome-trace\`)`,
    );
  }
  if (!existsSync(join(dir, 'timeline.svg'))) {
    flag('timeline.svg', 'timeline', 'is missing: run `pnpm timelines --only <name>`');
  }
}

function checkTests(dir: string, flag: Flag): void {
  const tests = sourceFiles(dir).filter((file) => file.endsWith('.test.ts'));
  const texts = tests.map((file) => readFileSync(join(dir, file), 'utf8'));
  // readmeMismatch, or a variant of it from the harness (readmeMismatchMasked...).
  if (!texts.some((text) => /\breadmeMismatch\w*\(/.test(text))) {
    flag('test', 'output block', 'no test compares the README with a run (readmeMismatch)');
  }
  const figurePath = join(dir, 'test', 'figure.ts');
  if (!existsSync(figurePath)) {
    flag('test/figure.ts', 'figure', 'is missing: export function figure(trace, scale): string');
  } else if (
    !/export\s+(function\s+figure\s*\(|const\s+figure\b)/.test(readFileSync(figurePath, 'utf8'))
  ) {
    flag('test/figure.ts', 'figure', 'exports no figure(trace, scale)');
  } else if (!texts.some((text) => /\bfigure\(/.test(text))) {
    flag('test', 'figure', 'no test checks what figure() says');
  }
}

/** The .ts files under src/ and test/, as paths relative to the package. */
function sourceFiles(dir: string): string[] {
  return ['src', 'test'].flatMap((top) => {
    if (!existsSync(join(dir, top))) return [];
    return (readdirSync(join(dir, top), { recursive: true }) as string[])
      .filter((file) => /\.(c|m)?tsx?$/.test(file) && !file.split(sep).includes('node_modules'))
      .map((file) => join(top, file).split(sep).join('/'));
  });
}

/** Module specifiers in a file: static and dynamic imports, re-exports, worker URLs. */
export function importsOf(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]/g,
    /\bnew\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]!));
}

function examplesOf(ws: Workspace): Set<string> {
  const dir = join(ws.root, 'examples');
  const folders = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];
  return new Set([...folders, ...ws.course]);
}

function isOtherExample(ws: Workspace, self: string, packageName: string): boolean {
  return packageName !== self && examplesOf(ws).has(packageName);
}

/** The other example a specifier reaches, by package name or by a relative path. */
function otherExampleImported(
  ws: Workspace,
  self: string,
  fromDir: string,
  specifier: string,
): string | undefined {
  if (specifier.startsWith('.')) {
    const target = relative(join(ws.root, 'examples'), resolve(fromDir, specifier)).split(sep);
    const [folder] = target;
    if (folder && folder !== '..' && folder !== self && target.length > 1) return folder;
    return undefined;
  }
  const packageName = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0]!;
  return isOtherExample(ws, self, packageName) ? packageName : undefined;
}

interface Manifest {
  name?: unknown;
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function readJson(path: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
