import mime from 'mime/lite';

/** The media type sent for a file whose type is neither given nor guessable. */
export const DEFAULT_FILE_TYPE = 'application/octet-stream';

/**
 * The media type for a file name, from its extension (the `mime` package's standard table):
 * `photo.png` → `image/png`; an unknown extension or no name → `application/octet-stream`.
 */
export function guessContentType(filename: string | null): string {
  return (filename && mime.getType(filename)) || DEFAULT_FILE_TYPE;
}
