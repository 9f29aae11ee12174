// The root README's course table names every example of the course, in course order,
// each linked to its folder: a reader who follows it takes the tour's path.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { course } from '../src/course.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## The course'),
  readme.indexOf('\n## ', readme.indexOf('## The course') + 1),
);

describe("the README's course table", () => {
  it('lists the course, in its order', () => {
    const rows = [...section.matchAll(/^\| \[([\w-]+)\] /gm)].map((m) => m[1]);
    expect(rows).toEqual(course.map((lesson) => lesson.name));
  });

  it('links each example to its folder', () => {
    for (const { name } of course) {
      expect(section).toContain(`[${name}]: examples/${name}\n`);
      expect(existsSync(join(root, 'examples', name, 'README.md'))).toBe(true);
    }
  });
});
