/** The package version, sent in the default `User-Agent` (a spec checks it against package.json). */
export const VERSION = '0.1.0';
