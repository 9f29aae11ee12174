import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The TypeScript-in-workers trap. A program started through tsx has tsx's loader
// hooks, but on Node 20 a worker thread does not inherit them, so
// `new Worker('./worker.ts')` dies with ERR_UNKNOWN_FILE_EXTENSION. Node 22.18+
// and 24 strip types themselves, but every worker strips every module it loads
// again: measured here, a worker importing this package started in about 2x the
// time of a JavaScript one on Node 24. So on every Node we bundle a worker's entry
// once per process with esbuild (tsx's own compiler) into one plain .mjs file, and
// workers start as fast as JavaScript ones, with the same behaviour on 20 and 24.
//
// The price: inside a worker, `import.meta.url` is the entry file's address in every
// module of the bundle (the worker's own file is right; a module it imports from
// another folder is not). Resolve other paths in the parent and pass them in workerData.

/** How a TypeScript entry is started on this Node: the file to run and the flags. */
export interface Runnable {
  url: URL;
  execArgv: string[];
}

const nativeTypeScript = Boolean((process.features as { typescript?: unknown }).typescript);
const bundled = new Map<string, Runnable>();

/**
 * The one call the project adds to `new Worker`: hand Node a file a bare worker
 * thread can start, `new Worker(workerEntry(new URL('./worker.ts', import.meta.url)))`.
 * A `.ts` entry becomes one JavaScript bundle, built once per process.
 */
export function workerEntry(entry: URL): URL {
  return runnable(entry).url;
}

/** Turn a worker's `.ts` entry into a JavaScript file a bare worker thread can start. */
export function runnable(entry: URL): Runnable {
  if (!entry.pathname.endsWith('.ts')) {
    // Whatever loader the parent was started with (tsx) is not passed on: the
    // worker needs none, and on Node 20 tsx's hooks in a worker are the trap itself.
    return { url: entry, execArgv: ['--enable-source-maps'] };
  }
  const key = entry.href;
  let found = bundled.get(key);
  if (!found) {
    found = { url: bundleOnce(fileURLToPath(entry)), execArgv: ['--enable-source-maps'] };
    bundled.set(key, found);
  }
  return found;
}

/**
 * How a TypeScript child process starts. A process, unlike a worker thread, does
 * run the loader it is given with --import, so on Node 20 a child gets tsx's: its
 * modules keep their real URLs (`new URL('./worker.ts', import.meta.url)` inside
 * the child means what it says) and resolve packages from where they live. It costs
 * start-up time (tsx boots in every child), which correctness is worth here.
 */
export function runnableChild(entry: URL): Runnable {
  if (!entry.pathname.endsWith('.ts') || nativeTypeScript) {
    return { url: entry, execArgv: ['--enable-source-maps'] };
  }
  return { url: entry, execArgv: ['--enable-source-maps', '--import', import.meta.resolve('tsx')] };
}

function bundleOnce(entryPath: string): URL {
  const packageDir = nearestPackageDir(entryPath);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  // Workspace packages are TypeScript source and go into the bundle; published
  // packages stay imports, resolved from the package's own node_modules.
  const external = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })
    .filter(([, version]) => !String(version).startsWith('workspace:'))
    .map(([name]) => name);
  // Loaded only here, and through require, so that code running inside a worker
  // (which imports this package too) never pulls the compiler in.
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [entryPath],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    external,
    // The worker's own `new URL('./x', import.meta.url)` keeps meaning its folder.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(entryPath).href) },
    // Stack traces point into the .ts sources without --enable-source-maps.
    banner: { js: 'process.setSourceMapsEnabled?.(true);' },
    sourcemap: 'inline',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
  const outDir = join(packageDir, 'node_modules', '.cache', 'runnable');
  const outPath = join(outDir, `${parse(entryPath).name}-${hash}.mjs`);
  mkdirSync(outDir, { recursive: true });
  // Same content, same name: a rename makes concurrent writers harmless.
  const temporary = `${outPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, code);
  renameSync(temporary, outPath);
  return pathToFileURL(outPath);
}

function nearestPackageDir(file: string): string {
  let dir = dirname(file);
  for (;;) {
    try {
      readFileSync(join(dir, 'package.json'));
      return dir;
    } catch {
      const parent = dirname(dir);
      if (parent === dir) throw new Error(`no package.json above ${file}`);
      dir = parent;
    }
  }
}
