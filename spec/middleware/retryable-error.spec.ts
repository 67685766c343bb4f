import { describe, expect, it } from 'vitest';
import {
  CloseError,
  ConnectError,
  ConnectTimeout,
  DecodingError,
  LocalProtocolError,
  NetworkError,
  PoolTimeout,
  ProxyError,
  ReadError,
  ReadTimeout,
  RemoteProtocolError,
  StreamConsumed,
  TotalTimeout,
  UnsupportedProtocol,
  WriteError,
  WriteTimeout,
} from '../../src/errors.ts';
import { isRetryableError } from '../../src/middleware/retryable-error.ts';

describe('isRetryableError', () => {
  it.each([
    ConnectTimeout,
    ReadTimeout,
    WriteTimeout,
    ConnectError,
    ReadError,
    WriteError,
    NetworkError,
    RemoteProtocolError,
  ])('retries %o', (Class) => {
    expect(isRetryableError(new Class('failed'))).toBe(true);
  });

  it.each([
    PoolTimeout,
    TotalTimeout,
    CloseError,
    LocalProtocolError,
    UnsupportedProtocol,
    ProxyError,
    DecodingError,
  ])('does not retry %o', (Class) => {
    expect(isRetryableError(new Class('failed'))).toBe(false);
  });

  it('does not retry StreamConsumed, nor errors that are not httprx errors', () => {
    expect(isRetryableError(new StreamConsumed())).toBe(false);
    expect(isRetryableError(new Error('ECONNRESET'))).toBe(false);
    expect(isRetryableError(new TypeError('fetch failed'))).toBe(false);
    expect(isRetryableError('reset')).toBe(false);
    expect(isRetryableError(undefined)).toBe(false);
  });
});
