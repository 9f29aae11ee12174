// A lesson file cut the way Go by Example cuts its programs: each block of whole-line
// comments is the prose, and the code under it, up to the next block, sits beside it.
// Every line of the file lands in exactly one segment, in order, so the page holds
// the whole file and nothing else (the browser test joins the segments back).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLessonFile, lessonEntries } from '@concurrency/tour/lesson-files';

export interface Segment {
  /** 1-based line numbers in the file: the comment lines, then the code beside them. */
  docFrom: number;
  codeFrom: number;
  /** One past the segment's last line. */
  end: number;
  /** The comment lines, markers and all, as in the file. */
  doc: string[];
  /** The code lines, without the blank lines that end the segment. */
  code: string[];
}

/** A comment line, as the size rules count them: its trimmed text starts with //, /* or *. */
export const isCommentLine = (line: string): boolean => /^\s*(\/\/|\/\*|\*)/.test(line);

export function segments(text: string): Segment[] {
  const lines = text.replace(/\n$/, '').split('\n');
  const found: Segment[] = [];
  let i = 0;
  while (i < lines.length) {
    const docFrom = i;
    while (i < lines.length && isCommentLine(lines[i]!)) i++;
    const codeFrom = i;
    while (i < lines.length && !isCommentLine(lines[i]!)) i++;
    let last = i;
    while (last > codeFrom && lines[last - 1]!.trim() === '') last--;
    found.push({
      docFrom: docFrom + 1,
      codeFrom: codeFrom + 1,
      end: i + 1,
      doc: lines.slice(docFrom, codeFrom),
      code: lines.slice(codeFrom, last),
    });
  }
  return found;
}

/** The file's text again, from its segments: what the page must add up to. */
export function joinSegments(file: Segment[], text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return file
    .map((segment) => {
      const blanks = lines.slice(segment.codeFrom - 1 + segment.code.length, segment.end - 1);
      return [...segment.doc, ...segment.code, ...blanks].join('\n');
    })
    .join('\n');
}

/**
 * The lesson files of an example in reading order: the entries (src/<name>.ts, or one
 * per part), then each file they import or start (`'./x.ts'`), depth first, then any
 * lesson file nothing reached, by name. Proof, report, setup, cli and main files never.
 */
export function lessonFiles(exampleDir: string, name: string): string[] {
  const src = join(exampleDir, 'src');
  const all = readdirSync(src).filter(isLessonFile).sort();
  const order: string[] = [];
  const visit = (file: string) => {
    if (order.includes(file) || !all.includes(file)) return;
    order.push(file);
    const text = readFileSync(join(src, file), 'utf8');
    for (const match of text.matchAll(/['"]\.\/([\w.-]+\.ts)['"]/g)) visit(match[1]!);
  };
  for (const entry of lessonEntries(exampleDir, name)) visit(entry);
  for (const file of all) visit(file);
  return order.filter((file) => existsSync(join(src, file)));
}
