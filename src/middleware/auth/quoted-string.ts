/**
 * Reads the double-quoted string that starts at `text[at]` (a `"`), with `\` escaping the
 * next character, as in HTTP quoted-strings and netrc files. Returns its value and the index
 * just past the closing quote (the end of the text when it is unterminated).
 */
export function readQuoted(text: string, at: number): { value: string; end: number } {
  let value = '';
  let i = at + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    value += text[i++];
  }
  return { value, end: i + 1 };
}
