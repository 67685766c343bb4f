import { describe, expect, it } from 'vitest';
import { guessContentType } from '../../src/content/mime-type.ts';

describe('guessContentType', () => {
  it('guesses from the extension', () => {
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
