import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative } from 'node:path';
import { UsageError } from '@concurrency/trace';
import type * as TypeScript from 'typescript-api';
import { installedTree, installedVersions } from './installed.ts';
import { readmeForCopy } from './readme-commands.ts';

// Taking an example away: a package that runs with npm alone, outside this workspace.
// What ties an example to the workspace, and what replaces it:
// - `workspace:*` packages (@concurrency/trace, @concurrency/harness): the few of
//   their files the example uses are copied to lib/<name>/, reached through the
//   package's own `imports` map (`#trace`, `#harness`), so its sources change by one
//   word per import;
// - `catalog:` versions: the ranges written in pnpm-workspace.yaml;
// - `extends: ../../tsconfig.base.json`: the base's options, written out.

/** A copy's .npmrc: npm's update check and funding count stay quiet in that folder. */
export const NPM_QUIET = 'update-notifier=false\nfund=false\n';

/** The workspace packages an example may use, as `#alias` → where their sources are. */
export interface SharedPackage {
  name: string;
  alias: string;
  dir: string;
  manifest: Manifest;
}

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  exports?: Record<string, string>;
  [key: string]: unknown;
}

const SCOPE = '@concurrency/';
// An import of a shared package, in any file: `from '@concurrency/trace'`,
// `from '@concurrency/harness/command-line'`, `import('@concurrency/trace')`.
const SHARED_IMPORT = /(['"])@concurrency\/([\w-]+)(\/[\w-]+)?\1/g;

function typescript(): typeof TypeScript {
  // Loaded only when ejecting: a refusal should not wait for the compiler.
  return createRequire(import.meta.url)('typescript-api') as typeof TypeScript;
}

/** The `catalog:` section of pnpm-workspace.yaml: name → version range. */
export function readCatalog(workspaceYaml: string): Map<string, string> {
  const catalog = new Map<string, string>();
  let inside = false;
  for (const line of workspaceYaml.split('\n')) {
    if (/^\S/.test(line)) inside = /^catalog:\s*$/.test(line);
    const entry = inside && /^\s+(['"]?)([^'":#\s]+)\1:\s*(['"]?)([^'"#\s]+)\3/.exec(line);
    if (entry) catalog.set(entry[2]!, entry[4]!);
  }
  return catalog;
}

/** `ignoredBuiltDependencies:` in pnpm-workspace.yaml: packages whose install script is skipped. */
export function readIgnoredBuilds(workspaceYaml: string): string[] {
  const names: string[] = [];
  let inside = false;
  for (const line of workspaceYaml.split('\n')) {
    if (/^\S/.test(line)) inside = /^ignoredBuiltDependencies:\s*$/.test(line);
    const entry = inside && /^\s+-\s+(['"]?)([^'"#\s]+)\1/.exec(line);
    if (entry) names.push(entry[2]!);
  }
  return names;
}

/** The workspace's shared packages (packages/*), by name. */
export function sharedPackages(root: string): Map<string, SharedPackage> {
  const found = new Map<string, SharedPackage>();
  for (const folder of readdirSync(join(root, 'packages'))) {
    const file = join(root, 'packages', folder, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    if (!manifest.name.startsWith(SCOPE)) continue;
    const short = manifest.name.slice(SCOPE.length);
    found.set(manifest.name, {
      name: manifest.name,
      alias: `#${short}`,
      dir: join(root, 'packages', folder),
      manifest,
    });
  }
  return found;
}

/** What one file imports from a shared package: its names, per package and subpath. */
export interface Wanted {
  /** `@concurrency/trace` → names; `*` for a namespace import. */
  names: Map<string, Set<string>>;
  /** `@concurrency/harness/command-line` and the like: whole entry files. */
  subpaths: Set<string>;
}

export function collectWanted(text: string, fileName: string, wanted: Wanted): void {
  const ts = typescript();
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  for (const statement of source.statements) {
    const isImport = ts.isImportDeclaration(statement);
    if (!isImport && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const match = /^(@concurrency\/[\w-]+)(\/[\w-]+)?$/.exec(specifier.text);
    if (!match) continue;
    const [, name, subpath] = match;
    if (subpath) {
      wanted.subpaths.add(`${name}${subpath}`);
      continue;
    }
    const names = wanted.names.get(name!) ?? new Set<string>();
    wanted.names.set(name!, names);
    const bindings = isImport
      ? statement.importClause?.namedBindings
      : (statement as TypeScript.ExportDeclaration).exportClause;
    if (bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings))) {
      for (const element of bindings.elements) {
        names.add((element.propertyName ?? element.name).text);
      }
    } else {
      names.add('*');
    }
  }
}

/** The index of a shared package cut down to `names`, and the files it reaches. */
function trimIndex(text: string, names: Set<string>): { text: string; modules: string[] } {
  const ts = typescript();
  const source = ts.createSourceFile('index.ts', text, ts.ScriptTarget.Latest, true);
  const kept: string[] = [];
  const modules: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier) continue;
    const from = (statement.moduleSpecifier as TypeScript.StringLiteral).text;
    const clause = statement.exportClause;
    if (names.has('*') || !clause || !ts.isNamedExports(clause)) {
      kept.push(statement.getText(source));
      modules.push(from);
      continue;
    }
    const elements = clause.elements.filter((element) => names.has(element.name.text));
    if (elements.length === 0) continue;
    kept.push(`export { ${elements.map((e) => e.getText(source)).join(', ')} } from '${from}';`);
    modules.push(from);
  }
  return { text: `${kept.join('\n')}\n`, modules };
}

/** Every file of a package's src reached from `entries` by relative imports. */
export function closure(srcDir: string, entries: string[]): string[] {
  const ts = typescript();
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = posix.normalize(queue.shift()!);
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(srcDir, file), 'utf8');
    const imported = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
    // A file named as `new URL('./x.ts', import.meta.url)` (a worker, a setup file) is
    // needed as much as an import.
    const named = [...text.matchAll(/new URL\('(\.[^']+\.ts)', import\.meta\.url\)/g)];
    const mentioned = named
      .map((m) => m[1]!)
      .filter((name) => existsSync(join(srcDir, posix.dirname(file), name)));
    for (const fileName of [...imported, ...mentioned]) {
      if (fileName.startsWith('.')) queue.push(posix.join(posix.dirname(file), fileName));
    }
  }
  return [...seen].sort();
}

export interface EjectPlan {
  root: string;
  /** The package's folder, already copied (and renamed) from its example. */
  dir: string;
  /** The name it takes: the package name, and `npm start`'s program. */
  name: string;
  /** The example it came from, for the README's note. */
  from: string;
}

/** Turn a copied example in `dir` into a package that needs nothing of the workspace. */
export function eject({ root, dir, name, from }: EjectPlan): string[] {
  const workspaceYaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const catalog = readCatalog(workspaceYaml);
  const shared = sharedPackages(root);
  const written: string[] = [];
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
    written.push(file);
  };

  // 1. What the example's own files take from the shared packages.
  const ownFiles = filesOf(dir).filter((file) => /\.(c|m)?ts$/.test(file));
  const wanted: Wanted = { names: new Map(), subpaths: new Set() };
  for (const file of ownFiles) collectWanted(readFileSync(join(dir, file), 'utf8'), file, wanted);

  // 2. Copy what that reaches, package by package; a copied file may want more of
  // another shared package (the harness uses the trace), so later packages see it.
  const order = [...shared.values()].sort((a, b) => dependsOn(a, b, shared));
  const aliases: Record<string, string> = {};
  const copied: SharedPackage[] = [];
  for (const pkg of order) {
    const names = wanted.names.get(pkg.name);
    const subpaths = [...wanted.subpaths].filter((s) => s.startsWith(`${pkg.name}/`));
    if (!names && subpaths.length === 0) continue;
    copied.push(pkg);
    const srcDir = join(pkg.dir, 'src');
    const entries: string[] = [];
    if (names) {
      const index = trimIndex(readFileSync(join(srcDir, 'index.ts'), 'utf8'), names);
      const header = `// ${pkg.alias}: what this package uses of the repository's packages/${short(pkg)}.\n`;
      write(`lib/${short(pkg)}/index.ts`, header + rewriteImports(index.text, shared));
      entries.push(...index.modules);
      aliases[pkg.alias] = `./lib/${short(pkg)}/index.ts`;
    }
    for (const subpath of subpaths) {
      const key = `.${subpath.slice(pkg.name.length)}`;
      const target = pkg.manifest.exports?.[key];
      if (!target) throw new UsageError(`${subpath} is not exported by ${pkg.name}`);
      const file = posix.relative('src', target);
      entries.push(file);
      aliases[`${pkg.alias}${subpath.slice(pkg.name.length)}`] = `./lib/${short(pkg)}/${file}`;
    }
    for (const file of closure(srcDir, entries)) {
      const text = readFileSync(join(srcDir, file), 'utf8');
      collectWanted(text, file, wanted);
      write(`lib/${short(pkg)}/${file}`, patchForNpm(file, rewriteImports(text, shared)));
    }
  }
  for (const file of ownFiles) {
    const text = readFileSync(join(dir, file), 'utf8');
    writeFileSync(join(dir, file), rewriteImports(text, shared));
  }

  // 3. The manifest: real ranges, the copied packages' own dependencies, the aliases.
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  const resolve = (deps: Record<string, string> | undefined, into: Record<string, string>) => {
    for (const [dep, range] of Object.entries(deps ?? {})) {
      if (shared.has(dep) || range.startsWith('workspace:')) continue;
      into[dep] ??= versionOf(dep, range, catalog);
    }
  };
  const dependencies: Record<string, string> = {};
  const devDependencies: Record<string, string> = {};
  resolve(manifest.dependencies, dependencies);
  resolve(manifest.devDependencies, devDependencies);
  for (const pkg of copied) {
    // A package the lesson runs on brings its dependencies; one only its tests use,
    // brings them as devDependencies.
    const runtime = Object.hasOwn(manifest.dependencies ?? {}, pkg.name);
    resolve(pkg.manifest.dependencies, runtime ? dependencies : devDependencies);
  }
  for (const dep of Object.keys(dependencies)) delete devDependencies[dep];
  // Exact versions, as the workspace installed them, for these and (overrides) for
  // every package under them that has one version in the tree: npm then installs
  // what this repository tested, and a newer release's warnings stay out.
  const direct = [...Object.keys(dependencies), ...Object.keys(devDependencies)];
  const sources = [join(root, 'examples', from), ...copied.map((pkg) => pkg.dir)];
  const installedFrom = (dep: string) =>
    sources.find((source) => installedTree(source, [dep]).has(dep)) ?? sources[0]!;
  for (const into of [dependencies, devDependencies]) {
    for (const dep of Object.keys(into)) {
      into[dep] = installedVersions(installedFrom(dep), [dep])[dep]!;
    }
  }
  const tree = new Map<string, Set<string>>();
  for (const dep of direct) {
    for (const [name, versions] of installedTree(installedFrom(dep), [dep])) {
      tree.set(name, new Set([...(tree.get(name) ?? []), ...versions]));
    }
  }
  const overrides = sorted(
    Object.fromEntries(
      [...tree]
        .filter(([dep, versions]) => versions.size === 1 && !direct.includes(dep))
        .map(([dep, versions]) => [dep, [...versions][0]!]),
    ),
  );
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const { lint: _lint, ...workspaceScripts } = (manifest.scripts ?? {}) as Record<string, string>;
  // The workspace starts examples through trace's guard around tsx (a TMPDIR tsx cannot
  // write); the copy has no trace package, so it imports tsx itself.
  const scripts = Object.fromEntries(
    Object.entries(workspaceScripts).map(([key, line]) => [
      key,
      line.replaceAll('@concurrency/trace/tsx', 'tsx'),
    ]),
  );
  // What pnpm skips here, npm (11+, `allowScripts`) is told to skip too, without a
  // warning: esbuild's binary arrives as an optional dependency, its script is not needed.
  // msgpackr-extract (under bullmq) too: msgpackr works without its native speed-up.
  const skipped = readIgnoredBuilds(workspaceYaml).filter((dep) => tree.has(dep));
  const ejected = {
    name,
    version: '0.0.0',
    private: true,
    license: manifest.license,
    type: 'module',
    description: manifest.description,
    engines: rootManifest.engines,
    imports: aliases,
    scripts,
    dependencies: sorted(dependencies),
    devDependencies: sorted(devDependencies),
    overrides,
    ...(skipped.length > 0
      ? { allowScripts: Object.fromEntries(skipped.map((d) => [d, false])) }
      : {}),
  };
  write('package.json', `${JSON.stringify(ejected, null, 2)}\n`);

  // 4. The tsconfig: the base's options written out, the copied sources included.
  const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
  const tsconfig = { compilerOptions: base.compilerOptions, include: ['src', 'test', 'lib'] };
  write('tsconfig.json', `${JSON.stringify(tsconfig, null, 2)}\n`);
  write('.gitignore', 'node_modules\n.cache\n');
  // npm's own notices (its update check, its funding count) are not the lesson's: off in
  // the copy's own config, not on the user's machine.
  write('.npmrc', NPM_QUIET);

  // 5. The README's commands, as npm runs them here.
  if (existsSync(join(dir, 'README.md'))) {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    write('README.md', npmReadme(readme, name, from));
  }
  return written;
}

function short(pkg: SharedPackage): string {
  return pkg.alias.slice(1);
}

/** `'@concurrency/trace'` → `'#trace'`, in any file; an unknown package is refused. */
export function rewriteImports(text: string, shared: Map<string, SharedPackage>): string {
  const imports = text.replace(SHARED_IMPORT, (whole, quote: string, pkg: string, subpath = '') => {
    const found = shared.get(`${SCOPE}${pkg}`);
    if (!found) {
      throw new UsageError(`${whole} is not a shared package: an example may not import it`);
    }
    return `${quote}${found.alias}${subpath}${quote}`;
  });
  // Comments that name a shared package name what it is here.
  return imports.replace(/@concurrency\/([\w-]+)/g, (whole, pkg: string) => {
    return shared.get(`${SCOPE}${pkg}`)?.alias ?? whole;
  });
}

/** Help text and messages that name the workspace's commands, said the npm way. */
function patchForNpm(file: string, text: string): string {
  if (file !== 'command-line.ts') return text;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template.
  const workspaceUsage = 'Usage: pnpm --filter ${this.program} start -- [flags]';
  if (!text.includes(workspaceUsage)) {
    throw new Error(`command-line.ts no longer says "${workspaceUsage}": update eject.ts`);
  }
  return text.replace(workspaceUsage, 'Usage: npm start -- [flags]');
}

/** The README with `pnpm --filter <from> start` written as `npm start`, and a note. */
export function npmReadme(readme: string, name: string, from: string): string {
  const commands = readmeForCopy(readme, from, ['start', 'test', 'typecheck']);
  // The shared packages are lib/ folders here, imported as `#trace`, `#harness`.
  const shared = commands.replace(/@concurrency\/([\w-]+)/g, '#$1');
  const [heading, ...rest] = shared.split('\n');
  const note = [
    '',
    `> Taken out of the concurrency-by-example repository (its \`examples/${from}\`) as`,
    `> ${name}, by the repository's scaffolder: \`npm install\`, \`npm start\`, \`npm test\`.`,
    '> `#trace` and `#harness` are the parts of its shared packages this lesson uses,',
    '> copied to `lib/`. Links to other lessons point into that repository.',
  ];
  return [heading, ...note, ...rest].join('\n');
}

function versionOf(dep: string, range: string, catalog: Map<string, string>): string {
  if (range === 'catalog:' || range === 'catalog:default') {
    const version = catalog.get(dep);
    if (!version)
      throw new Error(`${dep} is "catalog:" but pnpm-workspace.yaml's catalog lacks it`);
    return version;
  }
  if (range.startsWith('catalog:')) throw new Error(`${dep}: named catalogs are not supported`);
  return range;
}

/** Sort so that a package comes after the shared packages that depend on it. */
function dependsOn(a: SharedPackage, b: SharedPackage, shared: Map<string, SharedPackage>): number {
  const uses = (x: SharedPackage, y: SharedPackage) =>
    Object.hasOwn({ ...x.manifest.dependencies, ...x.manifest.devDependencies }, y.name);
  if (uses(a, b)) return -1;
  if (uses(b, a)) return 1;
  return [...shared.keys()].indexOf(a.name) - [...shared.keys()].indexOf(b.name);
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

const SKIP = new Set(['node_modules', '.turbo', '.cache', 'lib', 'out']);

function filesOf(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const file = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesOf(dir, file) : [file];
  });
}

export function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path === '' || (!path.startsWith('..') && !posix.isAbsolute(path));
}
