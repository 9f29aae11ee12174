// `pnpm --filter @concurrency/conformance start`: the check `pnpm test` runs, printed
// one violation a line; exit 1 if there is any.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { course } from '@concurrency/tour/course';
import { runTool, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { checkExample, checkWorkspace, formatViolations } from './conformance.ts';
import { sizesTable } from './shape.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

runTool(cli, (args) => {
  const { values } = parseArgs({
    args,
    options: { ...cli.options, only: { type: 'string', multiple: true } },
    strict: true,
  });
  if (values.sizes) {
    process.stdout.write(`${sizesTable(root)}\n`);
    return;
  }
  const ws = {
    root,
    course: course.map((lesson) => lesson.name),
    courseFile: 'tools/tour/src/course.ts',
  };
  const unknown = (values.only ?? []).filter((name) => !ws.course.includes(name));
  if (unknown.length > 0) throw new UsageError(`--only: no example called ${unknown.join(', ')}`);
  const violations = values.only
    ? values.only.flatMap((name) => checkExample(ws, name))
    : checkWorkspace(ws);
  if (violations.length > 0) {
    process.stdout.write(`${formatViolations(violations)}\n`);
    throw new Error(`${violations.length} violations`);
  }
  const checked = values.only?.length ?? ws.course.length;
  process.stdout.write(`conformance: ${checked} examples keep every rule\n`);
});
