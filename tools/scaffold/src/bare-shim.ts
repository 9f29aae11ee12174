import { readFileSync } from 'node:fs';

// The bare take-away's stand-in for @concurrency/trace: the pieces of shim/trace.ts
// (real code, type-checked and linted here) that the lesson imports, with the pieces
// they use, and the imports those need. Nothing else goes into the copy.

interface Piece {
  name: string;
  needs: string[];
  code: string;
}

const MARKER = /^\/\/ piece: (\S+)(?: needs: (.*))?$/;

/** The pieces of shim/trace.ts, in file order, and its import lines. */
function readPieces(): { pieces: Piece[]; imports: string[] } {
  const text = readFileSync(new URL('./shim/trace.ts', import.meta.url), 'utf8');
  const pieces: Piece[] = [];
  let current: Piece | undefined;
  for (const line of text.split('\n')) {
    const marker = MARKER.exec(line);
    if (marker) {
      current = { name: marker[1]!, needs: marker[2]?.split(/,\s*/) ?? [], code: '' };
      pieces.push(current);
    } else if (current) {
      current.code += `${line}\n`;
    }
  }
  const importsPiece = pieces.find((piece) => piece.name === 'imports');
  const imports = importsPiece?.code.trim().split('\n') ?? [];
  return { pieces: pieces.filter((piece) => piece !== importsPiece), imports };
}

/** The names the bare take-away can stand in for. */
export function shimNames(): string[] {
  return readPieces().pieces.map((piece) => piece.name);
}

/**
 * The shim for `names`: the pieces they need, in the file's order, imports first.
 * A name without a piece is an error that says where to add one.
 */
export function bareShim(names: Iterable<string>): string {
  const { pieces, imports } = readPieces();
  const byName = new Map(pieces.map((piece) => [piece.name, piece]));
  const wanted = new Set<string>();
  const add = (name: string) => {
    const piece = byName.get(name);
    if (!piece) {
      throw new Error(
        `the bare take-away has no stand-in for ${name} of @concurrency/trace: add a piece to tools/scaffold/src/shim/trace.ts`,
      );
    }
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const need of piece.needs) add(need);
  };
  for (const name of names) add(name);
  const code = pieces
    .filter((piece) => wanted.has(piece.name))
    .map((piece) => piece.code.trim())
    .join('\n');
  // An import line goes in when a name it brings is used.
  const used = imports.filter((line) => {
    const local = /\{([^}]*)\}/.exec(line)?.[1]?.split(',') ?? [];
    return local.some((binding) => {
      const name = binding
        .trim()
        .split(/\s+as\s+/)
        .pop()!;
      return new RegExp(`\\b${name}\\b`).test(code);
    });
  });
  return [
    "// What this lesson uses of the repository's shared trace package, as plain code: emit",
    '// prints its line (no trace is recorded), sleeps follow CONCURRENCY_TIME_SCALE.',
    ...used,
    '',
    code,
    '',
  ].join('\n');
}
