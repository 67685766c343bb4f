import busboy from 'busboy';
import type { RequestContent } from '../../src/content/content.ts';

/** Every chunk of one read of `content`, and the chunks joined. */
export async function collect(content: RequestContent): Promise<{ chunks: Uint8Array[]; bytes: Uint8Array }> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of content.stream()) chunks.push(chunk);
  return { chunks, bytes: new Uint8Array(Buffer.concat(chunks)) };
}

/** The body as text. */
export async function text(content: RequestContent): Promise<string> {
  return new TextDecoder().decode((await collect(content)).bytes);
}

/** The value of a header the body implies, or `undefined`. */
export function header(content: RequestContent, name: string): string | undefined {
  return content.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

export interface ParsedField {
  name: string;
  value: string;
  mimeType: string;
}
export interface ParsedFile {
  name: string;
  filename: string | undefined;
  mimeType: string;
  data: string;
}

/** Parses a multipart body with busboy, a real parser. */
export function parseMultipart(
  body: Uint8Array,
  contentType: string,
): Promise<{ fields: ParsedField[]; files: ParsedFile[] }> {
  return new Promise((resolve, reject) => {
    const fields: ParsedField[] = [];
    const files: ParsedFile[] = [];
    const parser = busboy({ headers: { 'content-type': contentType }, preservePath: true });
    parser.on('field', (name, value, info) => fields.push({ name, value, mimeType: info.mimeType }));
    parser.on('file', (name, stream, info) => {
      const parts: Buffer[] = [];
      stream.on('data', (part: Buffer) => parts.push(part));
      stream.on('end', () =>
        files.push({
          name,
          filename: info.filename,
          mimeType: info.mimeType,
          data: Buffer.concat(parts).toString('utf8'),
        }),
      );
    });
    parser.on('error', reject);
    parser.on('close', () => resolve({ fields, files }));
    parser.end(body);
  });
}
