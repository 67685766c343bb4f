/**
 * A short, readable description of a value for an error message: what the user gave, so that
 * the message can say what it got. Strings are quoted (and cut when long), numbers and other
 * primitives are printed, objects are named by their class: `'localhost:8000'`, `-1`, `10n`,
 * `undefined`, `an array`, `an object`, `a Map`, `a function`.
 */
export function describe(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      // Not by name: a function in an object literal is named after its key, which misleads.
      return 'a function';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length}`;
      return article(className(value));
    default:
      return String(value);
  }
}

const LONGEST = 60;

/** `'text'`, escaped as a JavaScript string literal and cut to a readable length. */
function quote(text: string): string {
  const cut = text.length > LONGEST ? `${text.slice(0, LONGEST)}…` : text;
  return `'${JSON.stringify(cut).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
}

/** The name of an object's class, or `object` for a plain (or null-prototype) object. */
function className(value: object): string {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === null || prototype === Object.prototype) return 'object';
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : 'object';
}

function article(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
