import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

// What the workspace installed for a package, read from its node_modules: the exact
// versions a take-away pins, so that `npm install` there resolves what this
// repository tested (a newer vite, say, warns "The `runner` config loader is
// deprecated" where the pinned one is quiet).

interface Installed {
  version: string;
  dir: string;
}

/** The folder of `dep` as Node would find it from `fromDir`, or undefined. */
function findPackage(fromDir: string, dep: string): Installed | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', dep, 'package.json');
    if (existsSync(manifest)) {
      const real = realpathSync(dirname(manifest));
      return { version: JSON.parse(readFileSync(manifest, 'utf8')).version, dir: real };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The installed version of each of `deps`, from the package in `packageDir`. */
export function installedVersions(packageDir: string, deps: string[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const dep of deps) {
    const found = findPackage(packageDir, dep);
    if (!found) throw new Error(`${dep} is not installed for ${packageDir}: run pnpm install`);
    versions[dep] = found.version;
  }
  return versions;
}

/**
 * Every package under `deps`, installed from `packageDir`, with its version: name →
 * versions seen (a name may be installed at two versions in one tree).
 */
export function installedTree(packageDir: string, deps: string[]): Map<string, Set<string>> {
  const tree = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const queue = deps.map((dep) => ({ from: packageDir, dep }));
  while (queue.length > 0) {
    const { from, dep } = queue.shift()!;
    const found = findPackage(from, dep);
    if (!found || seen.has(found.dir)) continue;
    seen.add(found.dir);
    tree.set(dep, (tree.get(dep) ?? new Set()).add(found.version));
    const manifest = JSON.parse(readFileSync(join(found.dir, 'package.json'), 'utf8'));
    const next = { ...manifest.dependencies, ...manifest.optionalDependencies };
    for (const name of Object.keys(next)) queue.push({ from: found.dir, dep: name });
  }
  return tree;
}
