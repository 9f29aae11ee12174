import { fileURLToPath } from 'node:url';
import { course } from '@concurrency/tour/course';
import { expect, it } from 'vitest';
import { checkWorkspace, formatViolations } from '../src/conformance.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

it('every example in this workspace keeps every rule (docs/writing-an-example.md)', () => {
  const violations = checkWorkspace({
    root,
    course: course.map((lesson) => lesson.name),
    courseFile: 'tools/tour/src/course.ts',
  });
  // All of them in one message, so one run shows everything there is to fix.
  expect(formatViolations(violations), `${violations.length} violations`).toBe('');
});
