import { describe, expect, it } from 'vitest';
import { renameIn, renameInTypeScript } from '../src/rename.ts';

describe('renaming a package name in text', () => {
  it('renames the name in paths, strings and prose, in kebab-case', () => {
    expect(
      renameIn("import './threads.ts'; runMain('threads'); # threads", 'threads', 'my-lock'),
    ).toBe("import './my-lock.ts'; runMain('my-lock'); # my-lock");
  });

  it('keeps a capital at the start of a sentence', () => {
    expect(renameIn('Threads overlap.', 'threads', 'my-lock')).toBe('My-lock overlap.');
  });

  it('renames the tail or head of a camelCase name in camelCase', () => {
    expect(renameIn('runThreads threadsSpec ThreadsError', 'threads', 'my-lock')).toBe(
      'runMyLock myLockSpec MyLockError',
    );
  });

  it('finds a many-word name written any of the usual ways', () => {
    const text = 'pool-with-threads poolWithThreads PoolWithThreads';
    expect(renameIn(text, 'pool-with-threads', 'gather')).toBe('gather gather Gather');
  });

  it('leaves the name alone inside a longer word', () => {
    const text = "import 'node:worker_threads'; threadsafe; subthreads";
    expect(renameIn(text, 'threads', 'my-lock')).toBe(text);
  });
});

describe('renaming in TypeScript', () => {
  it('gives code names camelCase and strings and comments kebab-case', () => {
    const source = [
      "import { nominal } from './threads.ts';",
      '// start the threads',
      'const threads = [];',
      'threads.push(1);',
      "runMain('threads', () => threads);",
    ].join('\n');
    expect(renameInTypeScript('a.ts', source, 'threads', 'my-lock')).toBe(
      [
        "import { nominal } from './my-lock.ts';",
        '// start the my-lock',
        'const myLock = [];',
        'myLock.push(1);',
        "runMain('my-lock', () => myLock);",
      ].join('\n'),
    );
  });
});
