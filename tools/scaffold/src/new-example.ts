// `pnpm new-example <name> --from <example>`: a new example package, copied from an
// existing one and renamed throughout, added to the course, its tests passing.
// With `--out <dir>`: the example taken away, a package that runs with npm alone.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTool, UsageError } from '@concurrency/trace';
import { bare } from './bare.ts';
import { cli } from './cli.ts';
import { eject } from './eject.ts';
import { addToCourse, checkPlan, copyExample, type ScaffoldPlan } from './scaffold.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const courseFile = join(root, 'tools', 'tour', 'src', 'course.ts');
const out = (line: string) => process.stdout.write(`${line}\n`);

runTool(cli, async (args) => {
  const { values, positionals } = parseArgs({
    args,
    options: cli.options,
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1 || values.from === undefined) {
    throw new UsageError(
      `give one name and --from: ${cli.usage} (run with --help to see the flags)`,
    );
  }
  const plan: ScaffoldPlan = {
    root,
    name: positionals[0]!,
    from: values.from,
    course: await courseNames(),
    // pnpm runs the script in tools/scaffold: a relative --out means where pnpm was called.
    ...(values.out === undefined ? {} : { out: resolve(process.env.INIT_CWD ?? '', values.out) }),
  };
  if (values.bare && plan.out === undefined) {
    throw new UsageError('--bare needs --out <dir>: a bare copy lives outside the workspace');
  }
  checkPlan(plan);
  if (plan.out !== undefined) takeAway(plan, plan.out, values.bare ?? false);
  else addToWorkspace(plan, values['no-install'] ?? false);
});

function takeAway(plan: ScaffoldPlan, target: string, isBare: boolean): void {
  rmSync(target, { recursive: true, force: true }); // empty, checkPlan said so
  if (isBare) {
    let kept: string[] = [];
    copyExample(plan, target, (staging) => {
      kept = bare({ root, dir: staging, name: plan.name, from: plan.from });
    });
    out(`${target}: the lesson of examples/${plan.from} alone, ${kept.length} files, no tests`);
    out(`then: cd ${target} && npm install && npm start`);
    return;
  }
  const files = copyExample(plan, target, (staging) => {
    eject({ root, dir: staging, name: plan.name, from: plan.from });
  });
  out(
    `${target}: ${files.length} files from examples/${plan.from}, and lib/ copied from the workspace`,
  );
  out(`then: cd ${target} && npm install && npm start && npm test`);
}

function addToWorkspace(plan: ScaffoldPlan, noInstall: boolean): void {
  const files = copyExample(plan);
  try {
    addToCourse(courseFile, plan.name);
  } catch (error) {
    rmSync(join(root, 'examples', plan.name), { recursive: true, force: true });
    throw error;
  }
  out(`examples/${plan.name}: ${files.length} files copied from examples/${plan.from}, renamed`);
  out(`tools/tour/src/course.ts: ${plan.name} added at the end of the course (fill in its TODOs)`);
  // Renaming changes line lengths; the formatter puts the copy back in shape.
  const biome = join(root, 'node_modules', '.bin', 'biome');
  const format = spawnSync(biome, ['check', '--write', `examples/${plan.name}`], { cwd: root });
  if (format.status !== 0) out(`note: biome check --write examples/${plan.name} found more to fix`);
  if (noInstall) {
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
}

async function courseNames(): Promise<string[]> {
  const { course } = await import('@concurrency/tour/course');
  return course.map((lesson) => lesson.name);
}
