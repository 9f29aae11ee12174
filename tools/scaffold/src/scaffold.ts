import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '@concurrency/trace';
import { isInside } from './eject.ts';
import { renameIn, renameInTypeScript } from './rename.ts';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// Made by tools or by a run, not part of the template.
// out/ holds what a run wrote (pnpm timelines --chrome-trace).
const SKIP = new Set(['node_modules', '.turbo', '.cache', 'out']);

export interface ScaffoldPlan {
  root: string;
  name: string;
  from: string;
  /** The course names, to refuse a name that is listed without a folder yet. */
  course: readonly string[];
  /** Take the example out of the workspace, into this folder (absolute). */
  out?: string;
}

/** Every reason not to scaffold, checked before anything is written. */
export function checkPlan({ root, name, from, course, out }: ScaffoldPlan): void {
  if (!KEBAB.test(name)) {
    throw new UsageError(
      `"${name}" is not a kebab-case name (lower-case words joined by "-", e.g. "worker-pool")`,
    );
  }
  const examples = join(root, 'examples');
  if (!existsSync(join(examples, from, 'package.json'))) {
    const known = readdirSync(examples).filter((d) =>
      existsSync(join(examples, d, 'package.json')),
    );
    throw new UsageError(`--from: there is no example "${from}" (there are: ${known.join(', ')})`);
  }
  if (out !== undefined) {
    if (isInside(root, out)) {
      throw new UsageError(`--out ${out} is inside the workspace; pick a folder outside it`);
    }
    if (existsSync(out) && readdirSync(out).length > 0) {
      throw new UsageError(`--out ${out} exists and is not empty; pick a new folder`);
    }
    return;
  }
  if (existsSync(join(examples, name)) || course.includes(name)) {
    throw new UsageError(`an example called "${name}" already exists; pick another name`);
  }
}

/**
 * Copy examples/<from> to examples/<name>, renaming the source's name in every
 * path and file (package name, README heading, runMain's program name, the
 * concept file...). The copy is built beside the target and moved in at the end,
 * so a failure halfway leaves nothing behind.
 */
export function copyExample(
  { root, name, from }: ScaffoldPlan,
  target = join(root, 'examples', name),
  finish: (staging: string) => void = () => {},
): string[] {
  const source = join(root, 'examples', from);
  const staging = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  const written: string[] = [];
  try {
    for (const file of filesOf(source)) {
      const copy = renameIn(file, from, name);
      const path = join(staging, copy);
      mkdirSync(dirname(path), { recursive: true });
      const content = readFileSync(join(source, file));
      if (isText(content)) {
        const text = content.toString('utf8');
        writeFileSync(
          path,
          /\.(c|m)?tsx?$/.test(file)
            ? renameInTypeScript(file, text, from, name)
            : renameIn(text, from, name),
        );
      } else {
        cpSync(join(source, file), path);
      }
      written.push(copy);
    }
    finish(staging);
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return written;
}

function filesOf(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const file = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesOf(dir, file) : [file];
  });
}

function isText(content: Buffer): boolean {
  return !content.subarray(0, 8000).includes(0);
}

/** Append the new example to the course list, with placeholders its author fills in. */
export function addToCourse(courseFile: string, name: string): void {
  const text = readFileSync(courseFile, 'utf8');
  const end = text.lastIndexOf('\n];');
  if (end < 0) throw new Error(`${courseFile}: cannot find the end of the course list ("];")`);
  const entry = [
    '  {',
    `    name: '${name}',`,
    "    concept: 'TODO: the concept, in a few words',",
    "    python: 'TODO: the Python it mirrors',",
    '  },',
  ].join('\n');
  writeFileSync(courseFile, `${text.slice(0, end)}\n${entry}${text.slice(end)}`);
}
