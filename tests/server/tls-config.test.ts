// How the server decides to serve HTTPS (docs/operations.md W4): the shop's certificate from
// `npm run make-cert`, or TLS_CERT/TLS_KEY; a pair that does not belong together, or half a pair,
// stops the start with a message that says which files, never a server on plain HTTP by surprise.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { certPaths, makeLocalCert } from '../../src/server/local-cert';
import { tlsFromEnv } from '../../src/server/tls';

describe('TLS configuration', () => {
  const a = mkdtempSync(join(tmpdir(), 'regulars-tls-a-'));
  const b = mkdtempSync(join(tmpdir(), 'regulars-tls-b-'));
  afterAll(() => { for (const d of [a, b]) rmSync(d, { recursive: true, force: true }); });

  it('[W4] make-cert makes a CA once and a server certificate it signs for the names and addresses asked', () => {
    const first = makeLocalCert(a, { hosts: ['till.shop.lan'], ips: ['192.168.1.20'] });
    expect(first.newCa).toBe(true);
    const again = makeLocalCert(a, { hosts: ['till.shop.lan'] });
    expect(again.newCa).toBe(false);
    const ca = new X509Certificate(readFileSync(first.caCert));
    const cert = new X509Certificate(readFileSync(again.cert));
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost('till.shop.lan')).toBe('till.shop.lan');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.ca).toBe(false);
    expect(() => makeLocalCert(a, { hosts: ['bad name;rm'] })).toThrow(/Not a host name/);
  });

  it('[W4] the shop certificate in DATA_DIR is used by itself; TLS=off and an empty DATA_DIR serve plain HTTP', () => {
    const tls = tlsFromEnv({}, a);
    expect(tls?.caPem).toContain('BEGIN CERTIFICATE');
    expect(tls?.certFile).toBe(certPaths(a).cert);
    expect(tlsFromEnv({ TLS: 'off' }, a)).toBeNull();
    expect(tlsFromEnv({}, b)).toBeNull();
  });

  it('[W4] half a pair, a missing file or a key of another certificate is refused with the files named', () => {
    makeLocalCert(b);
    const pa = certPaths(a);
    const pb = certPaths(b);
    expect(() => tlsFromEnv({ TLS_CERT: pa.cert }, b)).toThrow(/both TLS_CERT and TLS_KEY/);
    expect(() => tlsFromEnv({ TLS_CERT: join(a, 'nope.crt'), TLS_KEY: pa.key }, b)).toThrow(/Cannot read the certificate .*nope\.crt/);
    expect(() => tlsFromEnv({ TLS_CERT: pa.cert, TLS_KEY: pb.key }, b)).toThrow(/do not belong together/);
    const ok = tlsFromEnv({ TLS_CERT: pb.cert, TLS_KEY: pb.key }, a);
    expect(ok?.caPem).toBeNull();
  });
});
