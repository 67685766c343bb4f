import { describe, expect, it } from 'vitest';
import { parseLinks } from '../../src/models/links.ts';

describe('parseLinks', () => {
  it('reads GitHub-style pagination, keyed by rel', () => {
    const header =
      '<https://api.github.com/user/repos?page=3&per_page=100>; rel="next", ' +
      '<https://api.github.com/user/repos?page=1&per_page=100>; rel="prev", ' +
      '<https://api.github.com/user/repos?page=1&per_page=100>; rel="first", ' +
      '<https://api.github.com/user/repos?page=50&per_page=100>; rel="last"';
    const links = parseLinks(header);
    expect(Object.keys(links)).toEqual(['next', 'prev', 'first', 'last']);
    expect(links.next).toEqual({ url: 'https://api.github.com/user/repos?page=3&per_page=100', rel: 'next' });
    expect(links.last?.url).toBe('https://api.github.com/user/repos?page=50&per_page=100');
  });

  it('reads unquoted values and other parameters, lower-casing their names', () => {
    const links = parseLinks('</style.css>; rel=preload; AS=style; type="text/css"');
    expect(links.preload).toEqual({ url: '/style.css', rel: 'preload', as: 'style', type: 'text/css' });
  });

  it('keeps a comma or semicolon inside a quoted value', () => {
    const links = parseLinks('<https://h/a>; rel="next"; title="one, two; three", <https://h/b>; rel="last"');
    expect(links.next?.title).toBe('one, two; three');
    expect(links.last?.url).toBe('https://h/b');
  });

  it('keys a link without rel by its URL', () => {
    expect(parseLinks('<https://h/x>; type="text/html"')).toEqual({
      'https://h/x': { url: 'https://h/x', type: 'text/html' },
    });
  });

  it('gives an empty record for no header', () => {
    expect(parseLinks(null)).toEqual({});
    expect(parseLinks('')).toEqual({});
  });
});
