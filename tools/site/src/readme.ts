// An example's README, read as the site needs it: its sections by heading, with the
// links that point into the example's folder turned into links of the site.

export interface Section {
  /** The heading's text, without the `## `. */
  title: string;
  /** The markdown under it, up to the next `## ` heading. */
  body: string;
}

/** The README's text before its first `## ` (the title and lead), and its sections. */
export function readmeSections(text: string): { lead: string; sections: Section[] } {
  const lines = text.split('\n');
  const sections: Section[] = [];
  const lead: string[] = [];
  let fenced = false;
  for (const line of lines) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && line.startsWith('## ')) {
      sections.push({ title: line.slice(3).trim(), body: '' });
    } else if (sections.length === 0) {
      if (!line.startsWith('# ')) lead.push(line);
    } else {
      const last = sections.at(-1)!;
      last.body += `${line}\n`;
    }
  }
  return { lead: lead.join('\n').trim(), sections };
}

/** The first section whose heading starts with `prefix`. */
export const section = (sections: Section[], prefix: string): Section | undefined =>
  sections.find((found) => found.title.startsWith(prefix));

export interface LinkContext {
  /** The example's name: its page and its folder. */
  name: string;
  /** Every example in the course: a link to `../<other>` becomes a link to its page. */
  lessons: readonly string[];
  /** The lesson files shown on the page: a link to `src/<file>` goes to its panel. */
  shown: readonly string[];
}

/** The id of a file's panel on its page: `src/threads.ts` is `src-threads-ts`. */
export const fileAnchor = (file: string): string => `src-${file.replace(/\W+/g, '-')}`;

/**
 * Links as the site serves them: the timeline from the site's own copy, a lesson file
 * to its panel, another example to its page. A link to a file the site does not show
 * (a proof, a test, the bench's results) keeps its text and names the path instead.
 */
export function siteLinks(markdown: string, context: LinkContext): string {
  return markdown.replace(
    /(!?)\[([^\]]*)\]\(([^)\s]*)\)/g,
    (whole, bang: string, text: string, target: string) => {
      if (bang)
        return target === 'timeline.svg' ? `![${text}](/timelines/${context.name}.svg)` : whole;
      if (/^(https?:|#)/.test(target)) return whole;
      const file = /^src\/([\w.-]+\.ts)$/.exec(target)?.[1];
      if (file && context.shown.includes(file)) return `[${text}](#${fileAnchor(file)})`;
      const other = /^\.\.\/([\w-]+)\/?$/.exec(target)?.[1];
      if (other && context.lessons.includes(other)) return `[${text}](./${other}.md)`;
      if (target === '') return text;
      let path = `examples/${context.name}/${target}`;
      while (/[^/.]+\/\.\.\//.test(path)) path = path.replace(/[^/.]+\/\.\.\//, '');
      return text === `\`${target}\`` ? `\`${path}\`` : `${text} (\`${path}\`)`;
    },
  );
}
