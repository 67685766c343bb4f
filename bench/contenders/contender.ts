/** An open client under test: sends GETs and reads each whole body. */
export interface Session {
  /** Sends `GET path` and resolves once the whole body has been read. */
  request(path: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens a client for `origin` (`http://127.0.0.1:PORT`) with up to `connections` sockets. */
export type Open = (origin: string, connections: number) => Session;

/** One HTTP client under test. Each contender file exports its `open`. */
export interface Contender {
  /** The name in the tables and the chart. */
  readonly name: string;
  /** The connection pool it uses, for the notes in RESULTS.md (`{N}` stands for the pool size). */
  readonly pool: string;
  /** Imports the contender only in the process that measures it, so no other library adds to its RSS. */
  load(): Promise<Open>;
}
