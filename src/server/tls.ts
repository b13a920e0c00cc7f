/**
 * Whether the server serves HTTPS, and with what (docs/operations.md W4):
 * - `TLS_CERT` and `TLS_KEY` (PEM files; `TLS_CA` optionally the CA to offer tablets), or
 * - the shop's own certificate from `npm run make-cert` in DATA_DIR/tls, when it is there;
 * - `TLS=off` serves plain HTTP whatever is there (behind a proxy that does HTTPS).
 * A certificate that does not match its key, or has expired, stops the start with a clear message.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { certPaths } from './local-cert';

export interface TlsFiles {
  key: Buffer;
  cert: Buffer;
  /** The shop CA a tablet must trust (PEM), offered on the plain-HTTP page; null for a public CA's certificate. */
  caPem: string | null;
  certFile: string;
  validTo: string;
}

function read(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new Error(`Cannot read ${what} ${path}`);
  }
}

export function tlsFromEnv(env: NodeJS.ProcessEnv, dataDir: string, now = Date.now()): TlsFiles | null {
  if ((env.TLS ?? '').toLowerCase() === 'off') return null;
  let certFile: string;
  let keyFile: string;
  let caFile: string | undefined;
  if (env.TLS_CERT || env.TLS_KEY) {
    if (!env.TLS_CERT || !env.TLS_KEY) throw new Error('Set both TLS_CERT and TLS_KEY (PEM files), or neither');
    certFile = env.TLS_CERT;
    keyFile = env.TLS_KEY;
    caFile = env.TLS_CA || undefined;
  } else {
    const p = certPaths(dataDir);
    if (!existsSync(p.cert) || !existsSync(p.key)) return null;
    certFile = p.cert;
    keyFile = p.key;
    caFile = existsSync(p.caCert) ? p.caCert : undefined;
  }
  const cert = read(certFile, 'the certificate');
  const key = read(keyFile, 'the key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
    if (!x509.checkPrivateKey(createPrivateKey(key))) throw new Error('mismatch');
  } catch (e) {
    throw new Error(`The certificate ${certFile} and the key ${keyFile} do not belong together (${e instanceof Error ? e.message : String(e)})`);
  }
  if (Date.parse(x509.validTo) < now) throw new Error(`The certificate ${certFile} expired on ${x509.validTo}: run npm run make-cert again`);
  const caPem = caFile ? read(caFile, 'the CA certificate').toString('utf8') : null;
  return { key, cert, caPem, certFile, validTo: x509.validTo };
}
