// Writes the course site's sources for VitePress: a home page, one page per example in
// course order, each example's timeline, and the site's config with the sidebar.
// Everything comes from the repository's files; run it again and the pages follow.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { course } from '@concurrency/tour/course';
import { command, lessonPage, type PythonRow } from './page.ts';
import { readmeSections } from './readme.ts';
import { lessonFiles } from './source.ts';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const siteDir = fileURLToPath(new URL('../', import.meta.url));
export const exampleDir = (name: string): string => join(repoRoot, 'examples', name);

/** The broken contrast of each example, from the root README's course table. */
export function contrasts(rootReadme: string): Map<string, string> {
  const found = new Map<string, string>();
  const lines = rootReadme.split('\n').filter((line) => line.startsWith('|'));
  const cells = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
  const header = lines.find((line) => cells(line).includes('broken contrast'));
  if (!header) return found;
  const column = cells(header).indexOf('broken contrast');
  for (const line of lines) {
    const name = /^\[([\w-]+)\]$/.exec(cells(line)[0] ?? '')?.[1];
    const flag = /^`(--[\w-]+)`$/.exec(cells(line)[column] ?? '')?.[1];
    if (name && flag) found.set(name, flag);
  }
  return found;
}

/** The rows of the root README's "From Python" table an example declares. */
export async function pythonRows(name: string): Promise<PythonRow[]> {
  const file = join(exampleDir(name), 'test', 'python-rows.ts');
  try {
    const rows = (await import(pathToFileURL(file).href)) as { pythonRows?: PythonRow[] };
    return rows.pythonRows ?? [];
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return [];
    throw error;
  }
}

function homePage(rootReadme: string, flags: Map<string, string>): string {
  const { lead } = readmeSections(rootReadme);
  return [
    '---',
    'title: The course',
    '---',
    '',
    '# Concurrency by example, proved',
    '',
    lead,
    '',
    '## The course',
    '',
    'Each page is made from the example itself: its lesson files with their comments as',
    'the text, the output of a real run (the one its tests compare), a timeline of a run,',
    'the Python it mirrors and the broken contrast its tests reject.',
    '',
    '| | example | what it shows | Python | broken contrast |',
    '| --- | --- | --- | --- | --- |',
    ...course.map((lesson, i) => {
      const flag = flags.get(lesson.name);
      return `| ${i + 1} | [${lesson.name}](./${lesson.name}.md) | ${lesson.concept} | ${lesson.python} | ${flag ? `\`${flag}\`` : ''} |`;
    }),
    '',
    `Run the whole course in a terminal: \`pnpm start\`; one example: \`${command('threads')}\`.`,
    '',
  ].join('\n');
}

function config(dist: string): string {
  const site = {
    title: 'Concurrency by example',
    description: "Python's concurrency lessons on Node.js, one tested example per concept.",
    outDir: dist,
    cleanUrls: false,
    // No icon of its own: an empty one, so that no browser asks for /favicon.ico.
    head: [['link', { rel: 'icon', href: 'data:,' }]],
    lastUpdated: false,
    vite: { logLevel: 'warn', build: { chunkSizeWarningLimit: 2000, minify: false } },
    themeConfig: {
      outline: [2, 3],
      sidebar: [
        {
          text: 'The course',
          items: course.map((lesson, i) => ({
            text: `${i + 1}. ${lesson.name}`,
            link: `/${lesson.name}`,
          })),
        },
      ],
    },
  };
  return `// Written by tools/site/src/generate.ts: edit that, not this.\nexport default ${JSON.stringify(site, null, 2)};\n`;
}

const theme = `// Written by tools/site/src/generate.ts.
import DefaultTheme from 'vitepress/theme';
import './course.css';

export default DefaultTheme;
`;

/** Writes the site's sources into `pages`, for VitePress to build into `dist`. */
export async function generate(pages: string, dist: string): Promise<void> {
  const rootReadme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const flags = contrasts(rootReadme);
  const names = course.map((lesson) => lesson.name);
  rmSync(pages, { recursive: true, force: true });
  mkdirSync(join(pages, '.vitepress', 'theme'), { recursive: true });
  mkdirSync(join(pages, 'public', 'timelines'), { recursive: true });
  writeFileSync(join(pages, '.vitepress', 'config.mjs'), config(dist));
  writeFileSync(join(pages, '.vitepress', 'theme', 'index.mjs'), theme);
  copyFileSync(
    join(siteDir, 'src', 'course.css'),
    join(pages, '.vitepress', 'theme', 'course.css'),
  );
  writeFileSync(join(pages, 'index.md'), homePage(rootReadme, flags));
  for (const [index, lesson] of course.entries()) {
    const dir = exampleDir(lesson.name);
    copyFileSync(
      join(dir, 'timeline.svg'),
      join(pages, 'public', 'timelines', `${lesson.name}.svg`),
    );
    const page = lessonPage({
      lesson,
      index,
      lessons: names,
      exampleDir: dir,
      files: lessonFiles(dir, lesson.name),
      pythonRows: await pythonRows(lesson.name),
      contrast: flags.get(lesson.name),
    });
    mkdirSync(dirname(join(pages, `${lesson.name}.md`)), { recursive: true });
    writeFileSync(join(pages, `${lesson.name}.md`), page);
  }
}
