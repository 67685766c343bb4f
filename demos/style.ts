/**
 * Colour for the demo's output: `paint('green', text)` is `text` in green where stdout shows
 * colour, and plain text elsewhere. Node's own `util.styleText` decides, from stdout: a
 * terminal that has colours, unless NO_COLOR is set; FORCE_COLOR forces it (even into a pipe).
 */
import { styleText } from 'node:util';

export type Style = Parameters<typeof styleText>[0];

export function paint(style: Style, text: string): string {
  return styleText(style, text, { stream: process.stdout });
}
