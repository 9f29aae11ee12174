import { createRequire } from 'node:module';
import type * as TypeScript from 'typescript-api';

// Renaming a package is renaming a word wherever it is written, in the form the
// place needs: `threads` → `race-conditions` in paths, strings, comments and prose,
// `raceConditions` / `RaceConditions` in code. A name is a sequence of words:
// 'pool-with-threads' is found as `pool-with-threads`, `poolWithThreads` and
// `PoolWithThreads`, but never inside a longer word: `worker_threads` (a Node
// module) and `threadsafe` are left alone.

export function words(kebab: string): string[] {
  return kebab.split('-');
}

const kebab = (w: string[]) => w.join('-');
const camel = (w: string[]) => w.map((x, i) => (i === 0 ? x : capital(x))).join('');
const pascal = (w: string[]) => w.map(capital).join('');
const constant = (w: string[]) => w.join('_').toUpperCase();
const capital = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);

interface Occurrence {
  index: number;
  text: string;
  /** Glued to a lower-case letter before it: the tail of a camelCase identifier. */
  joined: boolean;
  /** Followed by an upper-case letter: the head of a camelCase identifier. */
  head: boolean;
}

/** Where the words of `from` stand as a name of their own in `text`. */
export function occurrences(text: string, from: string): Occurrence[] {
  const escaped = words(from).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(escaped.join('-?'), 'gi');
  const found: Occurrence[] = [];
  for (const match of text.matchAll(pattern)) {
    const before = text[match.index - 1] ?? '';
    const after = text[match.index + match[0].length] ?? '';
    const startsUpper = /[A-Z]/.test(match[0][0]!);
    const joined = /[a-z0-9]/.test(before) && startsUpper;
    const leftOk = !/[A-Za-z0-9_$]/.test(before) || joined;
    // An upper-case letter after it starts the next word of a camelCase name.
    const rightOk = !/[a-z0-9_$]/.test(after);
    const head = /[A-Z]/.test(after);
    if (leftOk && rightOk) found.push({ index: match.index, text: match[0], joined, head });
  }
  return found;
}

/** The new name in the form the occurrence was written in. */
function formFor(found: Occurrence, to: string[], inIdentifier: boolean): string {
  const { text } = found;
  const startsUpper = /[A-Z]/.test(text[0]!);
  const allUpper = text.length > 1 && text === text.toUpperCase();
  const camelCased = /[A-Z]/.test(text.slice(1)) && !text.includes('-');
  if (found.joined) return pascal(to);
  if (inIdentifier) return allUpper ? constant(to) : startsUpper ? pascal(to) : camel(to);
  if ((camelCased || found.head) && !allUpper) return startsUpper ? pascal(to) : camel(to);
  if (allUpper) return kebab(to).toUpperCase();
  return startsUpper ? capital(kebab(to)) : kebab(to);
}

/** Rename in any text; `identifiers` are [start, end) ranges that are code names. */
export function renameIn(
  text: string,
  from: string,
  to: string,
  identifiers: readonly [number, number][] = [],
): string {
  const toWords = words(to);
  let result = '';
  let last = 0;
  for (const found of occurrences(text, from)) {
    const inIdentifier = identifiers.some(([s, e]) => found.index >= s && found.index < e);
    result += text.slice(last, found.index) + formFor(found, toWords, inIdentifier);
    last = found.index + found.text.length;
  }
  return result + text.slice(last);
}

/** Rename in a TypeScript file: code names get camelCase, strings and comments kebab-case. */
export function renameInTypeScript(fileName: string, text: string, from: string, to: string) {
  // Loaded only when a file is copied: a refusal should not wait for the compiler.
  const ts = createRequire(import.meta.url)('typescript-api') as typeof TypeScript;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const identifiers: [number, number][] = [];
  const visit = (node: TypeScript.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      identifiers.push([node.getStart(source), node.getEnd()]);
    }
    node.forEachChild(visit);
  };
  visit(source);
  return renameIn(text, from, to, identifiers);
}
