// `pnpm new-example <name> --from <example>`: a new example package, copied from an
// existing one and renamed throughout, added to the course, its tests passing.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMain, UsageError } from '@concurrency/trace';
import { addToCourse, checkPlan, copyExample } from './scaffold.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const courseFile = join(root, 'tools', 'tour', 'src', 'course.ts');
const usage = 'usage: pnpm new-example <name> --from <example> [--no-install]';

runMain('new-example', async () => {
  const args = process.argv.slice(2);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args[0] === '--' ? args.slice(1) : args);
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}; ${usage}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || values.from === undefined) throw new UsageError(usage);
  const plan = { root, name: positionals[0]!, from: values.from, course: await courseNames() };
  checkPlan(plan);

  const files = copyExample(plan);
  try {
    addToCourse(courseFile, plan.name);
  } catch (error) {
    rmSync(join(root, 'examples', plan.name), { recursive: true, force: true });
    throw error;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`examples/${plan.name}: ${files.length} files copied from examples/${plan.from}, renamed`);
  out(`tools/tour/src/course.ts: ${plan.name} added at the end of the course (fill in its TODOs)`);
  // Renaming changes line lengths; the formatter puts the copy back in shape.
  const biome = join(root, 'node_modules', '.bin', 'biome');
  const format = spawnSync(biome, ['check', '--write', `examples/${plan.name}`], { cwd: root });
  if (format.status !== 0) out(`note: biome check --write examples/${plan.name} found more to fix`);
  if (values['no-install']) {
    out('next: pnpm install');
  } else {
    // Links the new package's dependencies. They are in the store already, but a new
    // package means a new lockfile entry, which pnpm resolves from registry metadata
    // (cached if it can); and the lockfile must change even where pnpm would freeze it
    // (it does when CI is set).
    const args = ['install', '--prefer-offline', '--no-frozen-lockfile'];
    const install = spawnSync('pnpm', args, { cwd: root, encoding: 'utf8' });
    if (install.status !== 0) {
      throw new Error(`pnpm ${args.join(' ')} failed; run pnpm install\n${install.stderr}`);
    }
  }
  out(`then: pnpm --filter ${plan.name} test, and make it your own (docs/writing-an-example.md)`);
});

function parse(args: string[]) {
  return parseArgs({
    args,
    options: { from: { type: 'string' }, 'no-install': { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
}

async function courseNames(): Promise<string[]> {
  const { course } = await import('@concurrency/tour/course');
  return course.map((lesson) => lesson.name);
}
