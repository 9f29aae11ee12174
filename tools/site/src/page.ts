// One lesson's page, as VitePress markdown, made from the example's own files: the
// README's sections, the lesson files cut into prose and code, the Python rows its
// tests check, and links to the lessons before and after it in the course.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lesson } from '@concurrency/tour/course';
import { mirrorsPython, prose } from './prose.ts';
import { fileAnchor, readmeSections, type Section, section, siteLinks } from './readme.ts';
import { segments } from './source.ts';

export interface PythonRow {
  python: string;
  args: readonly string[];
  shows: RegExp;
}

export interface PageInput {
  lesson: Lesson;
  /** Its place in the course, from 0, and the course's names in order. */
  index: number;
  lessons: readonly string[];
  exampleDir: string;
  /** The lesson files, in reading order (source.ts's lessonFiles). */
  files: readonly string[];
  pythonRows: readonly PythonRow[];
  /** The broken contrast's flag, from the root README's course table, if it names one. */
  contrast: string | undefined;
}

/** The command that runs an example with `args`, as the README's "Run it" writes it. */
export const command = (name: string, args: readonly string[] = []): string =>
  `pnpm --filter ${name} start${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;

/** A code fence longer than any run of backticks in `code`. */
function fenced(language: string, code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${code}\n${fence}`;
}

/** One lesson file: a heading, its path on disk, and its segments side by side. */
function filePanel(name: string, exampleDir: string, file: string): string {
  const text = readFileSync(join(exampleDir, 'src', file), 'utf8');
  const parts = segments(text).map((segment) => {
    const twin = mirrorsPython(segment.doc) ? ' twin' : '';
    const doc = segment.doc.length > 0 ? `\n\n${prose(segment.doc)}\n\n` : '';
    const code = segment.code.length > 0 ? `\n\n${fenced('ts', segment.code.join('\n'))}\n\n` : '';
    return [
      `<div class="seg${twin}" data-doc="${segment.docFrom}" data-code="${segment.codeFrom}" data-end="${segment.end}">`,
      `<div class="doc" v-pre>${doc}</div>`,
      `<div class="code">${code}</div>`,
      '</div>',
    ].join('\n');
  });
  return [
    `### \`src/${file}\` {#${fileAnchor(file)}}`,
    '',
    `<div class="lesson-file" data-file="${file}">`,
    '',
    `<p class="on-disk">On disk: <code>examples/${name}/src/${file}</code></p>`,
    '',
    ...parts,
    '',
    '</div>',
    '',
  ].join('\n');
}

/** The README's output block, as the checked transcript the page shows. */
function checkedOutput(body: string): string {
  return body.replace(
    /<!-- output:start -->\n(```text\n[\s\S]*?```)\n<!-- output:end -->/,
    (_whole, block: string) => `<div class="checked-output">\n\n${block}\n\n</div>`,
  );
}

/** The bullets of a section that name `flag`, and the section without them. */
function bulletsNaming(body: string, flag: string): { naming: string; rest: string } {
  const [head, ...items] = body.split(/\n(?=- )/);
  const naming = items.filter((item) => item.includes(`\`${flag}`));
  const rest = [head, ...items.filter((item) => !naming.includes(item))];
  return {
    naming: naming.map((item) => item.trimEnd()).join('\n'),
    rest: rest.join('\n'),
  };
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

function pythonTable(name: string, rows: readonly PythonRow[]): string {
  if (rows.length === 0) return '';
  return [
    'What each Python program or API looks like here: the command that shows it, and the',
    "line of its output the example's tests check.",
    '',
    '<div class="python-rows">',
    '',
    '| Python | run | its output shows |',
    '| --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${escapeCell(row.python)} | \`${command(name, row.args)}\` | \`${escapeCell(row.shows.source)}\` |`,
    ),
    '',
    '</div>',
  ].join('\n');
}

export function lessonPage(input: PageInput): string {
  const { lesson, index, lessons, exampleDir, files, contrast } = input;
  const { name } = lesson;
  const readme = readFileSync(join(exampleDir, 'README.md'), 'utf8');
  const links = siteLinks(readme, { name, lessons, shown: files });
  const { lead, sections } = readmeSections(links);
  const used = new Set<Section>();
  const take = (prefix: string) => {
    const found = section(sections, prefix);
    if (found) used.add(found);
    return found;
  };
  const previous = lessons[index - 1];
  const next = lessons[index + 1];
  const nav = [
    previous ? `[← ${previous}](./${previous}.md)` : '',
    `lesson ${index + 1} of ${lessons.length}`,
    next ? `[${next} →](./${next}.md)` : '',
  ]
    .filter(Boolean)
    .join(' · ');

  const out: string[] = [
    '---',
    `title: ${name}`,
    'outline: [2, 3]',
    // No outline column on the right: the width goes to the code beside its prose.
    'aside: false',
    '---',
    '',
    `# ${name}`,
    '',
    `<div class="lesson-nav">\n\n${nav}\n\n</div>`,
    '',
    `**${lesson.concept}**. Python: ${lesson.python}.`,
    '',
    `Run it: \`${command(name)}\` · the lesson: \`examples/${name}/src/${files[0]}\``,
    '',
    lead,
    '',
  ];
  const shows = take('What it shows');
  if (shows) out.push('## What it shows', shows.body);
  out.push(
    '## The code',
    '',
    'The lesson files, top to bottom: the comments are the text, the code sits beside',
    'them; where a comment holds the Python the code mirrors, the two stand side by side.',
    'Proof, report and setup files, and the command line, are not shown.',
    '',
    ...files.map((file) => filePanel(name, exampleDir, file)),
    '',
  );
  const output = take('Output');
  if (output) out.push('## Output', checkedOutput(output.body));
  const notice = take('What to notice');
  let noticeBody = notice?.body ?? '';
  if (contrast) {
    const { naming, rest } = bulletsNaming(noticeBody, contrast);
    noticeBody = rest;
    out.push(
      `## The broken contrast: \`${contrast}\``,
      '',
      `\`${command(name, [contrast])}\` runs the lesson wrong on purpose; the tests run it`,
      'too and check that the same assertions that pass on the lesson fail on it, every run.',
      '',
      naming,
      '',
    );
  }
  const python = take('The Python it mirrors');
  out.push('## The Python it mirrors', python?.body ?? '', pythonTable(name, input.pythonRows), '');
  const run = take('Run it');
  if (run) out.push('## Run it', run.body);
  if (notice) out.push('## What to notice', noticeBody);
  for (const rest of sections) if (!used.has(rest)) out.push(`## ${rest.title}`, rest.body);
  out.push('', `<div class="lesson-nav">\n\n${nav}\n\n</div>`, '');
  return out.join('\n');
}
