/**
 * A TypeScript file's code without its comments, for the architecture spec's word searches:
 * comments become spaces (line breaks kept), while strings, template literals (with their
 * `${…}` parts) and regular expression literals are kept as they are, so a `//` inside a URL
 * or a pattern is not taken for a comment.
 */
export function codeOf(source: string): string {
  let out = '';
  let previous = ''; // the last character of code that is not white space
  const depths: number[] = []; // per open `${`: how many `{` are open inside it
  let inTemplate = false;
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (inTemplate) {
      const step = c === '\\' ? 2 : c === '$' && next === '{' ? 2 : 1;
      if (c === '`') inTemplate = false;
      if (c === '$' && next === '{') {
        depths.push(0);
        inTemplate = false;
      }
      out += source.slice(i, i + step);
      previous = c === '`' ? '`' : '{';
      i += step;
      continue;
    }
    if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    let stop = i + 1;
    if (c === '`') inTemplate = true;
    else if (c === "'" || c === '"') stop = endOf(source, i, (d) => d === c);
    else if (c === '/' && startsRegex(out, previous)) stop = endOfRegex(source, i);
    else if (c === '{' && depths.length > 0) depths[depths.length - 1]! += 1;
    else if (c === '}' && depths.length > 0) {
      if (depths[depths.length - 1] === 0) {
        depths.pop();
        inTemplate = true;
      } else depths[depths.length - 1]! -= 1;
    }
    out += source.slice(i, stop);
    if (!/\s/.test(c)) previous = c;
    i = stop;
  }
  return out;
}

/** Where a quoted run that starts at `start` ends (after its closing character). */
function endOf(source: string, start: number, closes: (c: string) => boolean): number {
  let j = start + 1;
  while (j < source.length && source[j] !== '\n' && !closes(source[j]!)) j += source[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Where a regular expression literal starting at `start` ends, its flags included. */
function endOfRegex(source: string, start: number): number {
  let inClass = false;
  const end = endOf(source, start, (c) => {
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    return c === '/' && !inClass;
  });
  let j = end;
  while (j < source.length && /[a-z]/.test(source[j]!)) j++;
  return j;
}

/** A `/` after an operator, an opening bracket or a keyword like `return` starts a regex. */
function startsRegex(before: string, previous: string): boolean {
  if (previous === '' || '(,=:[!&|?{};+-*%<>~^'.includes(previous)) return true;
  return /\b(return|typeof|case|do|else|in|of|void|throw|yield|await)\s*$/.test(before);
}

/** Every module a file's code names: `from '…'`, `import '…'` (side effect) and `import('…')`. */
export function importsOf(code: string): string[] {
  const found = code.matchAll(/\b(?:from|import)\s*\(?\s*(['"])([^'"\n]+)\1/g);
  return [...found].map((match) => match[2]!);
}

/** One relative or bare module a file names, and whether it names it for its types alone. */
export interface ImportEdge {
  name: string;
  typeOnly: boolean;
}

/**
 * Every `import … from`, `export … from` and side-effect `import '…'` in a file's code, each
 * marked type-only when it is `import type` / `export type`, or a `{ … }` list whose every name
 * is written `type A` (nothing imported beside the braces). Dynamic `import()` is not an edge here.
 */
export function importEdgesOf(code: string): ImportEdge[] {
  const found = code.matchAll(
    /\b(import|export)\s+(type\s+)?((?:[\w$*,\s]|\{[^}]*\})*?)\s*\bfrom\s*(['"])([^'"\n]+)\4|\bimport\s*(['"])([^'"\n]+)\6/g,
  );
  return [...found].map((match) => {
    if (match[7] !== undefined) return { name: match[7], typeOnly: false };
    const clause = match[3]!.trim();
    const list = /^\{([^}]*)\}$/.exec(clause);
    const names = list
      ? list[1]!
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== '')
      : [];
    const everyNameTyped = names.length > 0 && names.every((part) => /^type\s/.test(part));
    return { name: match[5]!, typeOnly: match[2] !== undefined || everyNameTyped };
  });
}
