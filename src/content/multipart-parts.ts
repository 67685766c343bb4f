import { Headers } from '../models/headers.ts';
import { utf8 } from './bytes.ts';
import type { RequestContent } from './content.ts';
import { formPairs } from './form.ts';
import { guessContentType } from './mime-type.ts';
import { bytesContent, contentFrom } from './raw-content.ts';
import type { FileSpec, FilesInit, FileValue, FormInit } from './types.ts';

/** One part of a multipart body: its header lines and its bytes. */
export interface Part {
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: RequestContent;
}

/** The file name sent for a file whose name is not known (as httpx). */
export const DEFAULT_FILENAME = 'upload';

/**
 * Escapes a `name` or `filename` for a `Content-Disposition` quoted string the way browsers
 * do (WHATWG multipart/form-data): `"` → `%22`, CR → `%0D`, LF → `%0A`; other characters,
 * non-ASCII included, are sent as they are (UTF-8).
 */
export function escapeParam(value: string): string {
  return value.replace(/["\r\n]/g, (char) => (char === '"' ? '%22' : char === '\r' ? '%0D' : '%0A'));
}

/** One text part per form field, in order. */
export function fieldParts(data: FormInit): Part[] {
  return formPairs(data).map(([name, value]) => ({
    headers: [['Content-Disposition', `form-data; name="${escapeParam(name)}"`]],
    body: bytesContent(utf8(value)),
  }));
}

/**
 * One part per file, in order. `files` is `{ field: spec }`, `{ field: [spec, spec] }` or
 * `[[field, spec], …]`. A spec is the file alone or `[filename, file, contentType?, headers?]`.
 * An array of 2–4 items starting with a string or `null` is read as such a tuple, so several
 * files given as bare strings must each be wrapped in a tuple.
 */
export function fileParts(files: FilesInit): Part[] {
  const parts: Part[] = [];
  for (const [field, spec] of fileEntries(files)) parts.push(filePart(field, spec));
  return parts;
}

function* fileEntries(files: FilesInit): Generator<readonly [string, FileSpec]> {
  if (Symbol.iterator in files) {
    yield* files as Iterable<readonly [string, FileSpec]>;
    return;
  }
  for (const [field, value] of Object.entries(files)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && !isFileTuple(value))
      for (const spec of value as FileSpec[]) yield [field, spec];
    else yield [field, value as FileSpec];
  }
}

type FileTuple = Extract<FileSpec, readonly unknown[]>;

function isFileTuple(spec: unknown): spec is FileTuple {
  return (
    Array.isArray(spec) &&
    spec.length >= 2 &&
    spec.length <= 4 &&
    (spec[0] === null || typeof spec[0] === 'string')
  );
}

function filePart(field: string, spec: FileSpec): Part {
  const tuple = isFileTuple(spec);
  const file: FileValue = tuple ? spec[1] : (spec as FileValue);
  const filename = tuple ? spec[0] : defaultFilename(file);
  const body = contentFrom(file);
  const contentType = (tuple ? spec[2] : null) || typeOf(body) || guessContentType(filename);
  const disposition = `form-data; name="${escapeParam(field)}"${filename === null ? '' : `; filename="${escapeParam(filename)}"`}`;
  const headers = new Headers([
    ['Content-Disposition', disposition],
    ['Content-Type', contentType],
  ]);
  const extra = tuple ? spec[3] : undefined;
  if (extra) headers.update(extra);
  return { headers: [...headers], body };
}

/** A `File`'s name, a Node file stream's base name (`fs.createReadStream(path)`), else `upload`. */
function defaultFilename(file: FileValue): string {
  if (typeof file !== 'object') return DEFAULT_FILENAME;
  const named = file as { name?: unknown; path?: unknown };
  if (typeof Blob !== 'undefined' && file instanceof Blob) {
    return typeof named.name === 'string' && named.name ? named.name : DEFAULT_FILENAME;
  }
  if (typeof named.path === 'string' && named.path)
    return named.path.split(/[\\/]/).pop() || DEFAULT_FILENAME;
  return DEFAULT_FILENAME;
}

/** The type a file declares itself (a Blob's `type`, a content object's `Content-Type`). */
function typeOf(body: RequestContent): string | undefined {
  return body.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
}
