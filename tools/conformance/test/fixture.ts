import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// A package that keeps every rule. Each bad fixture is this one with one file changed.
export function goodPackage(name: string): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name,
      scripts: { start: 'x', test: 'x', typecheck: 'x', lint: 'x' },
      dependencies: { '@concurrency/trace': 'workspace:*' },
    }),
    'README.md': [
      `# ${name}`,
      '## What it shows',
      '## The Python it mirrors',
      '## Run it',
      '## Output',
      '<!-- output:start -->',
      '```text',
      'hello',
      '```',
      '<!-- output:end -->',
      '![a timeline](timeline.svg)',
      `Perfetto: \`pnpm timelines --only ${name} --chrome-trace\``,
      '## What to notice',
      '## The pitfall: something',
    ].join('\n'),
    'timeline.svg': '<svg/>',
    'src/main.ts': `import { emit } from '@concurrency/trace';\nimport { x } from './${name}.ts';\n`,
    // The lesson: a comment above each line of code (comments 50% of non-blank lines).
    [`src/${name}.ts`]:
      '// Say hello.\nexport const x = 1;\n\n// Then goodbye.\nexport const y = 2;\n',
    'test/figure.ts': 'export function figure(trace, scale) { return ""; }\n',
    [`test/${name}.test.ts`]:
      "expect(readmeMismatch('README.md', stdout));\nexpect(figure(trace, 1));\n",
  };
}

/** A workspace in a temporary folder: examples/<name>/<file> for each package given. */
export function workspaceOf(packages: Record<string, Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'conformance-'));
  for (const [name, files] of Object.entries(packages)) {
    for (const [file, text] of Object.entries(files)) {
      const path = join(root, 'examples', name, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  return root;
}
