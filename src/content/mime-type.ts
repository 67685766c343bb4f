/** The media type sent for a file whose type is neither given nor guessable. */
export const DEFAULT_FILE_TYPE = 'application/octet-stream';

/** The platform's table from file names to media types: none until a platform installs one. */
let lookup: (filename: string) => string | null = () => null;

/**
 * Installs the table `guessContentType` reads. The Node client (node/type-table.ts) installs
 * the `mime` package's standard table; browsers keep none, since a browser's `File` carries the
 * type it guessed itself, and the table would be a third of the browser bundle.
 * @internal
 */
export function useTypeTable(next: (filename: string) => string | null): void {
  lookup = next;
}

/**
 * The media type for a file name, from its extension by the platform's table (Node: `photo.png`
 * → `image/png`); an unknown extension, no name or no table → `application/octet-stream`.
 */
export function guessContentType(filename: string | null): string {
  return (filename && lookup(filename)) || DEFAULT_FILE_TYPE;
}
