/**
 * `npm run make-cert [-- --host till.shop.lan --ip 192.168.1.20 ...]`: makes the shop's own CA (once,
 * then reused) and a certificate for this server's names and addresses in DATA_DIR/tls, with the
 * openssl command. `npm start` then serves the till over HTTPS on PORT (8443) and, on HTTP_PORT (8080),
 * the page from which each tablet downloads and trusts the CA (docs/operations.md W4).
 */
import { makeLocalCert } from '../src/server/local-cert';
import { storageConfigFromEnv } from '../src/server/storage/open-db';

function listArgs(argv: string[]): { hosts: string[]; ips: string[] } {
  const out = { hosts: [] as string[], ips: [] as string[] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if ((flag !== '--host' && flag !== '--ip') || !value) throw new Error(`Usage: npm run make-cert -- [--host name]... [--ip address]... (not ${flag ?? ''})`);
    (flag === '--host' ? out.hosts : out.ips).push(value);
  }
  return out;
}

try {
  const made = makeLocalCert(storageConfigFromEnv().dataDir, listArgs(process.argv.slice(2)));
  console.log(JSON.stringify({
    ca: made.caCert, newCa: made.newCa, cert: made.cert, key: made.key, names: made.names, ips: made.ips, validTo: made.validTo,
  }, null, 2));
  console.log(`\nRestart the server (npm start): it serves https://<address>:8443/ and, on http://<address>:8080/, the page`
    + ` from which each tablet installs ${made.newCa ? 'the new' : 'the same'} shop CA once.`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
