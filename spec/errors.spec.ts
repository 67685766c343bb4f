import { describe, expect, it } from 'vitest';
import * as errors from '../src/errors.ts';

const {
  attachRequest,
  ClientClosed,
  CloseError,
  ConnectError,
  ConnectTimeout,
  CookieConflict,
  DecodingError,
  HttpError,
  HttpStatusError,
  InvalidUrl,
  LocalProtocolError,
  NetworkError,
  PoolTimeout,
  TotalTimeout,
  ProtocolError,
  ProxyError,
  ReadError,
  ReadTimeout,
  RemoteProtocolError,
  RequestError,
  RequestNotRead,
  ResponseNotRead,
  ResponseTooLarge,
  StreamClosed,
  StreamConsumed,
  StreamError,
  TimeoutError,
  TooManyRedirects,
  TransportError,
  UnsupportedProtocol,
  WriteError,
  WriteTimeout,
} = errors;

type AnyErrorClass = new (message: string) => Error;

/** Each class with its ancestors, nearest first, up to Error. */
const tree: [AnyErrorClass, AnyErrorClass[]][] = [
  [HttpError, []],
  [RequestError, [HttpError]],
  [TransportError, [RequestError, HttpError]],
  [TimeoutError, [TransportError, RequestError, HttpError]],
  [ConnectTimeout, [TimeoutError, TransportError, RequestError, HttpError]],
  [ReadTimeout, [TimeoutError, TransportError, RequestError, HttpError]],
  [WriteTimeout, [TimeoutError, TransportError, RequestError, HttpError]],
  [PoolTimeout, [TimeoutError, TransportError, RequestError, HttpError]],
  [TotalTimeout, [TimeoutError, TransportError, RequestError, HttpError]],
  [NetworkError, [TransportError, RequestError, HttpError]],
  [ConnectError, [NetworkError, TransportError, RequestError, HttpError]],
  [ReadError, [NetworkError, TransportError, RequestError, HttpError]],
  [WriteError, [NetworkError, TransportError, RequestError, HttpError]],
  [CloseError, [NetworkError, TransportError, RequestError, HttpError]],
  [ProtocolError, [TransportError, RequestError, HttpError]],
  [LocalProtocolError, [ProtocolError, TransportError, RequestError, HttpError]],
  [RemoteProtocolError, [ProtocolError, TransportError, RequestError, HttpError]],
  [ProxyError, [TransportError, RequestError, HttpError]],
  [UnsupportedProtocol, [TransportError, RequestError, HttpError]],
  [DecodingError, [RequestError, HttpError]],
  [TooManyRedirects, [RequestError, HttpError]],
  [ResponseTooLarge, [RequestError, HttpError]],
  [ClientClosed, [RequestError, HttpError]],
  [HttpStatusError as unknown as AnyErrorClass, [HttpError]],
  [InvalidUrl, []],
  [CookieConflict, []],
  [StreamError, []],
  [StreamConsumed, [StreamError]],
  [StreamClosed, [StreamError]],
  [ResponseNotRead, [StreamError]],
  [RequestNotRead, [StreamError]],
];

describe('the error tree', () => {
  it.each(tree.map(([type, ancestors]) => [type.name, type, ancestors] as const))(
    '%s is an instance of its ancestors and of Error, with a stable name',
    (name, type, ancestors) => {
      const error = new type('boom');
      expect(error).toBeInstanceOf(type);
      expect(error).toBeInstanceOf(Error);
      for (const ancestor of ancestors) expect(error).toBeInstanceOf(ancestor);
      expect(error.name).toBe(name);
      expect(String(error)).toMatch(new RegExp(`^${name}`));
    },
  );

  it('does not put unrelated branches under one another', () => {
    expect(new ReadTimeout('x')).not.toBeInstanceOf(NetworkError);
    expect(new ConnectError('x')).not.toBeInstanceOf(TimeoutError);
    expect(new InvalidUrl('x')).not.toBeInstanceOf(HttpError);
    expect(new StreamConsumed()).not.toBeInstanceOf(HttpError);
    expect(new HttpStatusError('x', undefined as never, undefined as never)).not.toBeInstanceOf(RequestError);
  });

  it('exports every class of the tree', () => {
    const exported = Object.values(errors).filter(
      (value) => typeof value === 'function' && value !== attachRequest,
    );
    expect(exported).toHaveLength(tree.length);
  });

  it('keeps the request and the cause of a RequestError', () => {
    const request = { method: 'GET' } as never;
    const cause = new Error('ECONNREFUSED');
    const error = new ConnectError('Connection refused', request, { cause });
    expect(error.request).toBe(request);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('Connection refused');
  });

  it('keeps the cause of an InvalidUrl', () => {
    const cause = new TypeError('Invalid URL');
    expect(new InvalidUrl('bad', { cause }).cause).toBe(cause);
  });

  it('gives the stream errors a default message', () => {
    expect(new StreamConsumed().message).toMatch(/consumed/);
    expect(new ResponseNotRead().message).toMatch(/streamed/);
    expect(new RequestNotRead().message).toMatch(/stream/);
  });

  it('sets the request on a RequestError raised before the request was known', () => {
    const request = { method: 'GET' } as never;
    const error = new LocalProtocolError('bad header');
    expect(() => error.request).toThrow(
      new Error('This LocalProtocolError has no request attached yet: the client attaches it on the way out'),
    );
    expect(attachRequest(error, request)).toBe(error);
    expect(error.request).toBe(request);
  });

  it('does not replace a request that is already set, nor touch other errors', () => {
    const first = { method: 'GET' } as never;
    const second = { method: 'POST' } as never;
    const error = new ReadError('reset', first);
    attachRequest(error, second);
    expect(error.request).toBe(first);
    const plain = new InvalidUrl('x');
    expect(attachRequest(plain, second)).toBe(plain);
    expect('request' in plain).toBe(false);
  });
});
