/**
 * A certificate for the shop's own network, made with the openssl command (Debian's `openssl`
 * package): a shop CA, kept in DATA_DIR/tls and reused on every later run so a tablet trusts it once,
 * and a server certificate it signs for the server's names and addresses (localhost, the host name,
 * <host>.local, every non-loopback IPv4 address it has, and any --host/--ip given). Each tablet
 * trusts the CA once (the server's plain-HTTP page offers it, see trust-page.ts); the server then
 * serves HTTPS with server.crt and server.key. Keys are written mode 0600.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';

export interface CertPaths { dir: string; caCert: string; caKey: string; cert: string; key: string }

export function certPaths(dataDir: string): CertPaths {
  const dir = join(dataDir, 'tls');
  return { dir, caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
}

/** The machine's IPv4 addresses other than loopback: what a tablet on the shop's Wi-Fi types. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal).map((a) => a.address);
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer };
    if (err.code === 'ENOENT') throw new Error('make-cert needs the openssl command: apt-get install openssl');
    throw new Error(`openssl ${args[0]} failed: ${err.stderr?.toString().trim() ?? String(e)}`);
  }
}

export interface MadeCert extends CertPaths { names: string[]; ips: string[]; newCa: boolean; validTo: string }

/**
 * Makes (or re-makes) the server certificate, and the CA when there is none yet. A server certificate
 * lasts 825 days, the longest iPadOS accepts; the CA ten years.
 */
export function makeLocalCert(dataDir: string, extra: { hosts?: string[]; ips?: string[] } = {}): MadeCert {
  const p = certPaths(dataDir);
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  const host = hostname().toLowerCase();
  const names = [...new Set(['localhost', host, ...(host.includes('.') ? [] : [`${host}.local`]), ...(extra.hosts ?? [])])];
  const ips = [...new Set(['127.0.0.1', ...lanAddresses(), ...(extra.ips ?? [])])];
  for (const n of names) if (!DNS_NAME.test(n)) throw new Error(`Not a host name: ${n}`);
  for (const ip of ips) if (!IPV4.test(ip)) throw new Error(`Not an IPv4 address: ${ip}`);

  const newCa = !existsSync(p.caCert) || !existsSync(p.caKey);
  if (newCa) {
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-sha256', '-days', '3650',
      '-keyout', p.caKey, '-out', p.caCert, '-subj', `/O=Regulars/CN=Regulars shop CA (${host})`,
      '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    chmodSync(p.caKey, 0o600);
  }
  const csr = join(p.dir, 'server.csr');
  const ext = join(p.dir, 'server.ext');
  const san = [...names.map((n) => `DNS:${n}`), ...ips.map((ip) => `IP:${ip}`)].join(',');
  writeFileSync(ext, [
    'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth',
    `subjectAltName=${san}`, 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid',
  ].join('\n'));
  try {
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p.key, '-out', csr, '-subj', `/O=Regulars/CN=${host}`]);
    chmodSync(p.key, 0o600);
    openssl(['x509', '-req', '-in', csr, '-CA', p.caCert, '-CAkey', p.caKey, '-CAcreateserial', '-sha256', '-days', '825',
      '-extfile', ext, '-out', p.cert]);
  } finally {
    rmSync(csr, { force: true });
    rmSync(ext, { force: true });
  }
  const validTo = new X509Certificate(readFileSync(p.cert)).validTo;
  return { ...p, names, ips, newCa, validTo };
}
