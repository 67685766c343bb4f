/**
 * The three clients `bench:quick` compares, each created once with the same pool size and kept
 * for the whole run. Every request checks the status and the body's exact length.
 */
import { lastValueFrom } from 'rxjs';
import { Agent, request } from 'undici';
import type { Httprx } from './source.ts';

export const CONTENDERS = ['httprx get', 'undici.request', 'httprx events'] as const;
export type ContenderName = (typeof CONTENDERS)[number];

export interface QuickSession {
  readonly name: ContenderName;
  /** Sends `GET path`, reads the whole body and checks it has `bytes` bytes. */
  request(path: string, bytes: number): Promise<void>;
  close(): Promise<void>;
}

function check(name: string, path: string, status: number, length: number, bytes: number): void {
  if (status !== 200 || length !== bytes) {
    throw new Error(
      `${name}: GET ${path} gave status ${status} and ${length} bytes, expected 200 and ${bytes}`,
    );
  }
}

export function openSessions(httprx: Httprx, origin: string, connections: number): QuickSession[] {
  const makeClient = () =>
    new httprx.Client({
      baseUrl: origin,
      limits: { maxConnections: connections, maxKeepaliveConnections: connections },
    });
  const forGet = makeClient();
  const forEvents = makeClient();
  const dispatcher = new Agent({ connections });
  return [
    {
      name: 'httprx get',
      async request(path, bytes) {
        const response = await lastValueFrom(forGet.get(path));
        check(this.name, path, response.status, response.content.byteLength, bytes);
      },
      close: () => forGet.close(),
    },
    {
      name: 'undici.request',
      async request(path, bytes) {
        const { statusCode, body } = await request(origin + path, { dispatcher });
        const content = await body.arrayBuffer();
        check(this.name, path, statusCode, content.byteLength, bytes);
      },
      close: () => dispatcher.close(),
    },
    {
      name: 'httprx events',
      async request(path, bytes) {
        const last = await lastValueFrom(forEvents.events('GET', path));
        if (last.type !== 'response')
          throw new Error(`${this.name}: GET ${path} ended on a '${last.type}' event`);
        check(this.name, path, last.response.status, last.response.content.byteLength, bytes);
      },
      close: () => forEvents.close(),
    },
  ];
}
