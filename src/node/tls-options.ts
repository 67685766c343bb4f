/** The TLS option types of the Node client and its connection pool (`verify`, `cert`). */

/** PEM text or bytes. */
export type Pem = string | Uint8Array;

/** TLS settings for checking the server, when `true`/`false`/a CA path is not enough. */
export interface TlsVerifyOptions {
  /**
   * Trusted CA certificates (PEM), replacing the default set.
   * @default Node's bundled Mozilla CA store
   */
  ca?: Pem | Pem[];
  /**
   * Reject servers whose certificate does not verify.
   * @default true
   */
  rejectUnauthorized?: boolean;
  /**
   * The host name sent as SNI and checked against the certificate.
   * @default the URL's host name
   */
  servername?: string;
  /**
   * The oldest TLS version accepted.
   * @default Node's default
   */
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  /**
   * The cipher suites offered, in OpenSSL's list format.
   * @default Node's default
   */
  ciphers?: string;
}

/**
 * How to check the server's certificate: `true` (Node's bundled Mozilla CA store), `'system'`
 * (the operating system's store, as `tls.getCACertificates('system')` reads it: on Linux
 * OpenSSL's default file and folder), `false` (do not check: for tests only), the path of a PEM
 * CA bundle (write `./system` for a file of that name), or {@link TlsVerifyOptions}.
 */
export type VerifyOption = boolean | 'system' | (string & {}) | TlsVerifyOptions;

/**
 * A client certificate: the path of a PEM file holding certificate and key, `[certFile, keyFile]`,
 * `[certFile, keyFile, password]`, or the PEM contents as `{ cert, key, passphrase? }`.
 */
export type CertOption =
  | string
  | readonly [certFile: string, keyFile: string, password?: string]
  | { cert: Pem; key: Pem; passphrase?: string };
