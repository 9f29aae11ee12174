import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, parse, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDirs, writableCacheDir } from '@concurrency/trace';
import * as esbuild from 'esbuild';

// Starting an example through tsx costs about a third of a second of CPU (tsx boots
// esbuild and compiles every module, in every process), and a test suite starts
// hundreds. So each package's test run bundles its `src/main.ts` once, before the
// tests, into one JavaScript file that bare `node` starts in a tenth of that.
//
// Every module keeps its own `import.meta.url`: it is written into the bundle as the
// source file's address, so `new URL('./worker.ts', import.meta.url)` in any module
// still names the file beside that module's source.

const keepImportMeta: esbuild.Plugin = {
  name: 'keep-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, ({ path }) => {
      // Not inside a string: `'import.meta.url'` may be a key (esbuild's own define).
      const outside = (name: string) =>
        new RegExp(`(?<!['"\`])import\\.meta\\.${name}\\b(?!['"\`])`, 'g');
      const contents = readFileSync(path, 'utf8')
        .replace(outside('url'), JSON.stringify(pathToFileURL(path).href))
        .replace(outside('dirname'), JSON.stringify(dirname(path)))
        .replace(outside('filename'), JSON.stringify(path));
      return { contents, loader: 'ts' };
    });
  },
};

/** Bundle a package's entry into `node_modules/.cache/harness`; returns the file's path. */
export async function bundleExample(packageDir: string, entry = 'src/main.ts'): Promise<string> {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  // Workspace packages are TypeScript source and go in; published ones stay imports,
  // resolved from the package's own node_modules as they would be under tsx.
  const external = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })
    .filter(([, version]) => !String(version).startsWith('workspace:'))
    .map(([name]) => name);
  const result = await esbuild.build({
    entryPoints: [join(packageDir, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    external,
    plugins: [keepImportMeta],
    sourcemap: 'inline',
    // Stack traces need only the mappings: the sources stay on disk. Embedding them
    // made every worker and child decode six times the text (about 6 ms each).
    sourcesContent: false,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
  // In node_modules/.cache/harness, or in a read-only checkout under the temp folder.
  const name = `${parse(entry).name}-${hash}.mjs`;
  const built = cacheDirs(packageDir, 'harness')
    .map((dir) => join(dir, name))
    .find((path) => existsSync(path));
  if (built) return built;
  const outPath = join(writableCacheDir(packageDir, 'harness'), name);
  const temporary = `${outPath}.${process.pid}`;
  writeFileSync(temporary, code);
  renameSync(temporary, outPath);
  return outPath;
}

/** The environment variable through which vitest's global setup names the bundles. */
export const BUNDLES_VAR = 'CONCURRENCY_EXAMPLE_BUNDLES';

/** The bundle made for this package's entry in this test run, if any. */
export function bundledEntry(packageDir: string, entry: string): string | undefined {
  const raw = process.env[BUNDLES_VAR];
  if (!raw) return undefined;
  const bundles = JSON.parse(raw) as Record<string, string>;
  return bundles[`${resolve(packageDir)}#${entry}`];
}
