import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tsxLoaderClaims } from './claims.ts';
import { checkExample, type Violation, type Workspace } from './rules.ts';

export { checkExample, type Violation, type Workspace } from './rules.ts';

/** Every example folder against every rule, and every course entry against the folders. */
export function checkWorkspace(ws: Workspace): Violation[] {
  const examplesDir = join(ws.root, 'examples');
  const folders = existsSync(examplesDir)
    ? readdirSync(examplesDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
        .sort()
    : [];
  const violations = folders.flatMap((name) => checkExample(ws, name));
  for (const name of ws.course.filter((n) => !folders.includes(n))) {
    violations.push({
      file: ws.courseFile,
      rule: 'course',
      detail: `lists ${name}, but examples/${name} does not exist`,
    });
  }
  for (const claim of tsxLoaderClaims(ws.root, ws.stillSayChildrenLoadTsx)) {
    violations.push({
      file: `${claim.file}:${claim.line}`,
      rule: 'children load no tsx',
      detail: `says a child or worker starts under tsx; both start from a bundle: ${claim.text.trim()}`,
    });
  }
  const seen = new Set<string>();
  for (const name of ws.course) {
    if (seen.has(name))
      violations.push({ file: ws.courseFile, rule: 'course', detail: `lists ${name} twice` });
    seen.add(name);
  }
  return violations;
}

/** 'examples/x/README.md: [README sections] has no "## Output"', one line each. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map(({ file, rule, detail }) => `${file}: [${rule}] ${detail}`).join('\n');
}
