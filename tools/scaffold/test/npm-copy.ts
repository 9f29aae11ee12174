// What the take-away tests share: running npm in a copy, and the node_modules that
// `npm install` would make there, linked from what the workspace installed.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../..', import.meta.url));

// Without the test runner's own variables, a nested vitest run starts afresh.
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(VITEST|TINYPOOL|NODE_OPTIONS$|INIT_CWD$|npm_|CONCURRENCY_)/.test(key),
  ),
);

export function run(command: string, args: string[], cwd: string, extra = {}) {
  return spawnSync(command, args, { cwd, env: { ...env, ...extra }, encoding: 'utf8' });
}

/** `pnpm new-example ...args` as a process. */
export function newExample(...args: string[]) {
  const cli = join(root, 'tools', 'scaffold');
  return run(process.execPath, ['--import', 'tsx', 'src/new-example.ts', ...args], cli);
}

/** Every file under `dir`, but node_modules (and out/, which a run writes). */
export function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'out') return [];
    const file = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(dir, file) : [file];
  });
}

/**
 * What `npm install` would put in a copy's node_modules: a link to the package the
 * workspace installed for `example` (or for the shared packages), with its `.bin`.
 */
export function linkInstalled(dir: string, example: string): void {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const from = [`examples/${example}`, 'packages/trace', 'packages/harness'].map((d) =>
    join(root, d, 'node_modules'),
  );
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  for (const name of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
    const found = from.map((d) => join(d, name)).find((p) => existsSync(p));
    if (!found) throw new Error(`${name} is installed nowhere in the workspace`);
    const real = realpathSync(found);
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(real, join(modules, name));
    const { bin } = JSON.parse(readFileSync(join(real, 'package.json'), 'utf8'));
    const bins = typeof bin === 'string' ? { [name.split('/').pop()!]: bin } : (bin ?? {});
    for (const [command, file] of Object.entries(bins)) {
      symlinkSync(join(real, file as string), join(modules, '.bin', command));
    }
  }
}
