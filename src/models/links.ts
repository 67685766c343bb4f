/** One entry of a `Link` header: its URL, and its parameters (`rel`, `type`, …). */
export interface Link {
  url: string;
  rel?: string;
  [param: string]: string | undefined;
}

/** Parses a `Link` header into entries keyed by `rel`, or by URL when there is no `rel`. */
export function parseLinks(header: string | null): Record<string, Link> {
  const links: Record<string, Link> = {};
  if (!header) return links;
  const entry = /<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const match of header.matchAll(entry)) {
    const link: Link = { url: match[1]!.trim() };
    for (const param of match[2]!.matchAll(/;\s*([^;,=\s]+)(?:\s*=\s*(?:"([^"]*)"|([^;,]*)))?/g)) {
      link[param[1]!.toLowerCase()] = (param[2] ?? param[3] ?? '').trim();
    }
    links[link.rel ?? link.url] = link;
  }
  return links;
}
