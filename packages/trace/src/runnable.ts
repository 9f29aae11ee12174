import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheDirs, writableCacheDir } from './cache-dir.ts';

// The TypeScript-in-workers trap. A program started through tsx has tsx's module
// hooks, but on Node 20 a worker thread does not inherit them, so
// `new Worker('./worker.ts')` dies with ERR_UNKNOWN_FILE_EXTENSION. Node 22.18+
// and 24 strip types themselves, but every worker strips every module it loads
// again: measured here, a worker importing this package started in about 2x the
// time of a JavaScript one on Node 24. So on every Node we bundle a worker's (or a
// child process's) entry with esbuild (tsx's own compiler) into one plain .mjs file,
// and they start as fast as JavaScript ones, the same on Node 20, 24 and 26.
//
// The price: inside the bundle, `import.meta.url` is the entry file's address in every
// module (the entry's own is right, and so is any module in the same folder; one in
// another folder is not). Resolve other paths in the parent and pass them on.

/** How a TypeScript entry is started on this Node: the file to run and the flags. */
export interface Runnable {
  url: URL;
  execArgv: string[];
}

const bundled = new Map<string, URL>();

/**
 * The one call the project adds to `new Worker`: hand Node a file a bare worker
 * thread can start, `new Worker(workerEntry(new URL('./worker.ts', import.meta.url)))`.
 * A `.ts` entry becomes one JavaScript bundle (see bundleOnce for when it is rebuilt).
 */
export function workerEntry(entry: URL): URL {
  return runnable(entry).url;
}

/** Turn a worker's `.ts` entry into a JavaScript file a bare worker thread can start. */
export function runnable(entry: URL): Runnable {
  // Whatever loader the parent was started with (tsx) is not passed on: the worker
  // needs none, and on Node 20 tsx's hooks in a worker are the trap itself.
  return { url: entryFor(entry), execArgv: [] };
}

/**
 * How a TypeScript child process starts: `fork(fileURLToPath(url), args, { execArgv })`.
 * Bundled like a worker's entry: on Node 20 a bare child cannot load `.ts`, and tsx's
 * loader (which a process would accept) costs about a third of a second of CPU in
 * every child; on Node 24 and 26 each child would strip every module again.
 */
export function runnableChild(entry: URL): Runnable {
  return { url: entryFor(entry), execArgv: [] };
}

function entryFor(entry: URL): URL {
  if (!entry.pathname.endsWith('.ts')) return entry;
  let found = bundled.get(entry.href);
  if (!found) {
    found = bundleOnce(fileURLToPath(entry));
    bundled.set(entry.href, found);
  }
  return found;
}

/** Changed whenever what bundleOnce writes changes, so that older records are not reused. */
const BUNDLE_FORMAT = 3;

interface BundleRecord {
  output: string;
  /** Every source file that went into the bundle, with its modification time. */
  inputs: Record<string, number>;
}

// This module's own address, right even inside a bundle (where `import.meta.url` is
// the entry's): the compiler is found from here.
declare const __CONCURRENCY_TRACE_RUNNABLE__: string | undefined;
const selfUrl =
  typeof __CONCURRENCY_TRACE_RUNNABLE__ === 'string'
    ? __CONCURRENCY_TRACE_RUNNABLE__
    : import.meta.url;

/**
 * Bundle an entry into `node_modules/.cache/runnable` of its package (in a read-only
 * checkout, a folder under the OS temp folder: see cache-dir.ts). A record beside
 * the bundle lists its source files and their modification times: while none has
 * changed, every later process (each test run starts hundreds) reuses the bundle
 * without starting the compiler at all.
 */
export function bundleOnce(entryPath: string): URL {
  const packageDir = nearestPackageDir(entryPath);
  const nodeMajor = process.versions.node.split('.')[0];
  const key = createHash('sha256')
    .update(`${entryPath}\0${nodeMajor}\0${BUNDLE_FORMAT}`)
    .digest('hex')
    .slice(0, 12);
  const recordName = `${parse(entryPath).name}-${key}.json`;
  for (const dir of cacheDirs(packageDir, 'runnable')) {
    const reused = freshBundle(join(dir, recordName));
    if (reused) return pathToFileURL(reused);
  }
  const outDir = writableCacheDir(packageDir, 'runnable');
  const recordPath = join(outDir, recordName);

  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  // Workspace packages are TypeScript source and go into the bundle; published
  // packages stay imports, resolved from the package's own node_modules.
  const external = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })
    .filter(([, version]) => !String(version).startsWith('workspace:'))
    .map(([name]) => name);
  // Loaded only here, and through require, so that code running inside a worker
  // (which imports this package too) never pulls the compiler in.
  const esbuild = createRequire(selfUrl)('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [entryPath],
    absWorkingDir: packageDir,
    // Source map paths are written relative to where the bundle goes.
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${nodeMajor}`,
    external,
    // The entry's own `new URL('./x', import.meta.url)` keeps meaning its folder.
    define: {
      'import.meta.url': JSON.stringify(pathToFileURL(entryPath).href),
      __CONCURRENCY_TRACE_RUNNABLE__: JSON.stringify(selfUrl),
    },
    sourcemap: 'inline',
    // Stack traces need only the mappings: the sources stay on disk. Embedding them
    // made every worker and child decode six times the text (about 6 ms each).
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
  const bundlePath = join(outDir, `${parse(entryPath).name}-${hash}.bundle.mjs`);
  // The file Node starts turns source maps on before it loads the bundle, so that a
  // stack trace points into the .ts sources without --enable-source-maps.
  const outPath = join(outDir, `${parse(entryPath).name}-${hash}.mjs`);
  const loader = starter(bundlePath, Object.values(result.metafile.outputs)[0]?.exports ?? []);
  const inputs: Record<string, number> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = resolve(packageDir, input);
    inputs[path] = statSync(path).mtimeMs;
  }
  // Same content, same name: a rename makes concurrent writers harmless.
  writeAtomically(bundlePath, code);
  writeAtomically(outPath, loader);
  writeAtomically(recordPath, JSON.stringify({ output: outPath, inputs } satisfies BundleRecord));
  return pathToFileURL(outPath);
}

/**
 * The file Node starts: source maps on, then the bundle, whose exports it passes on
 * (a pool such as piscina looks for the task function among a worker file's exports).
 */
function starter(bundlePath: string, exports: string[]): string {
  const named = exports.filter((name) => name !== 'default');
  return [
    'process.setSourceMapsEnabled(true);',
    `const bundle = await import(${JSON.stringify(pathToFileURL(bundlePath).href)});`,
    ...(exports.includes('default') ? ['export default bundle.default;'] : []),
    ...(named.length > 0 ? [`export const { ${named.join(', ')} } = bundle;`] : []),
    '',
  ].join('\n');
}

/** The bundle a record names, if it exists and none of its sources changed since. */
function freshBundle(recordPath: string): string | undefined {
  try {
    const record = JSON.parse(readFileSync(recordPath, 'utf8')) as BundleRecord;
    if (!existsSync(record.output)) return undefined;
    for (const [path, mtimeMs] of Object.entries(record.inputs)) {
      if (statSync(path).mtimeMs !== mtimeMs) return undefined;
    }
    return record.output;
  } catch {
    return undefined; // no record yet, or a source file gone: build again
  }
}

function writeAtomically(path: string, content: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
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
