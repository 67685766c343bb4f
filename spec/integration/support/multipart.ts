import busboy from 'busboy';

/** One part of a multipart/form-data body, as busboy (a real server-side parser) reads it. */
export type ReceivedPart =
  | { kind: 'field'; name: string; value: string; mimeType: string }
  | { kind: 'file'; name: string; filename: string | undefined; mimeType: string; data: string };

/** Parses a whole multipart body; the parts are listed in the order they were sent. */
export function parseMultipart(body: Uint8Array, contentType: string): Promise<ReceivedPart[]> {
  return new Promise((resolve, reject) => {
    const parts: ReceivedPart[] = [];
    const parser = busboy({ headers: { 'content-type': contentType }, preservePath: true });
    parser.on('field', (name, value, info) =>
      parts.push({ kind: 'field', name, value, mimeType: info.mimeType }),
    );
    parser.on('file', (name, stream, info) => {
      const part: ReceivedPart = {
        kind: 'file',
        name,
        filename: info.filename,
        mimeType: info.mimeType,
        data: '',
      };
      parts.push(part);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        part.data = Buffer.concat(chunks).toString('utf8');
      });
    });
    parser.on('error', reject);
    parser.on('close', () => resolve(parts));
    parser.end(body);
  });
}
