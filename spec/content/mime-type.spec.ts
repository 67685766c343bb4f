import { describe, expect, it } from 'vitest';
import { guessContentType, useTypeTable } from '../../src/content/mime-type.ts';

describe('guessContentType', () => {
  it('has no table until a platform installs one (browsers keep none)', async () => {
    expect(guessContentType('cat.png')).toBe('application/octet-stream');
    await import('../../src/node/type-table.ts');
    expect(guessContentType('cat.png')).toBe('image/png');
  });

  it('reads the table installed last', () => {
    useTypeTable((name) => (name.endsWith('.x') ? 'text/x' : null));
    expect(guessContentType('a.x')).toBe('text/x');
    expect(guessContentType('a.png')).toBe('application/octet-stream');
  });

  it('guesses from the extension with the Node table', async () => {
    const { default: mime } = await import('mime/lite');
    useTypeTable((name) => mime.getType(name));
    expect(guessContentType('cat.png')).toBe('image/png');
    expect(guessContentType('data.json')).toBe('application/json');
    expect(guessContentType('notes.txt')).toBe('text/plain');
    expect(guessContentType('dir/PHOTO.JPG')).toBe('image/jpeg');
  });

  it('falls back to application/octet-stream', () => {
    expect(guessContentType('archive.unknownext')).toBe('application/octet-stream');
    expect(guessContentType('upload')).toBe('application/octet-stream');
    expect(guessContentType(null)).toBe('application/octet-stream');
  });
});
