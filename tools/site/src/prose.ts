// A comment block as the prose beside its code: the markers go, the lines flow into
// paragraphs, and lines indented past the text (the Python twin, as the lessons
// write it: `//   barrier = threading.Barrier(4)`) stay code, shown as Python.

/** A comment line's text: `//`, `/**`, `*` and `*\/` taken off, and one space after them. */
export function commentText(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('//')) return trimmed.slice(2).replace(/^ /, '');
  return trimmed
    .replace(/^\/\*\*?/, '')
    .replace(/\*\/$/, '')
    .replace(/^\*(?!\/)/, '')
    .replace(/^ /, '')
    .trimEnd();
}

/** Markdown's own characters, outside `code spans`, shown as they are. */
function escapeText(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/([*_[\]\\])/g, '\\$1')
            // `{...}` ending a line would be read as attributes (VitePress's markdown-it-attrs).
            .replace(/\{/g, '&#123;')
            .replace(/^(\s*)([#+])/, '$1\\$2')
            .replace(/^(\s*\d+)\. /, '$1\\. '),
    )
    .join('');
}

/**
 * A one-line comment that is itself Python, as the lessons write a twin above its code
 * (`// thread.join()`, `// for t in threads: t.join()`, `// print("...")`).
 */
const pythonLine =
  /^((async )?(for|while|with|def|if) .*:|print\(|[\w.]+ = [\w.]+\(|\w+\.(join|start|cancel|set|wait|put|get|acquire|release|result|submit|map|close|terminate|shutdown)\()/;

const isPythonTwin = (doc: readonly string[]): boolean =>
  doc.length === 1 && pythonLine.test(commentText(doc[0]!));

/** The prose of a comment block, as markdown; Python lines as a `python` fence. */
export function prose(doc: readonly string[]): string {
  if (isPythonTwin(doc)) return ['```python', commentText(doc[0]!), '```'].join('\n');
  const out: string[] = [];
  let python: string[] = [];
  const flush = () => {
    if (python.length === 0) return;
    const indent = Math.min(...python.map((line) => /^ */.exec(line)![0].length));
    out.push('', '```python', ...python.map((line) => line.slice(indent)), '```', '');
    python = [];
  };
  for (const line of doc) {
    const text = commentText(line);
    if (/^ {2,}\S/.test(text)) {
      python.push(text);
      continue;
    }
    flush();
    out.push(text === '' ? '' : escapeText(text));
  }
  flush();
  return out.join('\n').trim();
}

/** True when a comment block holds the Python its code mirrors. */
export const mirrorsPython = (doc: readonly string[]): boolean =>
  isPythonTwin(doc) ||
  doc.some((line) => /\bPython\b/.test(line) || /^ {2,}\S/.test(commentText(line)));

/** The words a reader sees of a comment block: what the browser test compares. */
export function words(doc: readonly string[]): string {
  return doc
    .map(commentText)
    .map((text) => text.replace(/^\s*[-*] /, ''))
    .join('')
    .replace(/[`\s]/g, '');
}
