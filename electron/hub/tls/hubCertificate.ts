import { X509Certificate } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { VigilError } from '../../../shared/errors.js';
import { mkdirDurable } from '../../base/fsyncWrite.js';
import { writeFileOnce } from '../../core/device/writeFileOnce.js';
import { errnoCode } from '../../base/storeFs.js';

/**
 * The hub's TLS identity on a LAN (DESIGN 8, 9): a self-signed certificate made on first start and
 * kept in `<data>/tls/`, so its fingerprint stays the same across restarts and candidates can pin
 * it. Clients verify the SHA-256 fingerprint, not a CA chain, so names in the certificate are only
 * informative.
 */
export interface HubCertificate {
  cert: string;
  key: string;
  /** SHA-256 of the DER certificate, `AA:BB:...`. */
  fingerprint: string;
}

const CERT_FILE = 'cert.pem';
const KEY_FILE = 'key.pem';

export async function loadOrCreateCertificate(dataDir: string, host: string): Promise<HubCertificate> {
  const dir = join(dataDir, 'tls');
  const existing = await readPair(dir);
  if (existing) return existing;
  await mkdirDurable(dir);
  const altNames: Array<{ type: 2; value: string } | { type: 7; ip: string }> = [
    { type: 2, value: 'localhost' },
    { type: 2, value: hostname() },
    { type: 7, ip: '127.0.0.1' },
  ];
  if (isIP(host) && host !== '0.0.0.0' && host !== '::') altNames.push({ type: 7, ip: host });
  else if (!isIP(host)) altNames.push({ type: 2, value: host });
  const notAfterDate = new Date(Date.now() + 5 * 365 * 24 * 60 * 60 * 1000);
  const pems = await generate([{ name: 'commonName', value: `Vigil hub ${hostname()}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  // The key first: a cert without its key would be unusable, while a lone key (a crash between the
  // two writes) is simply replaced here.
  await fsp.rm(join(dir, KEY_FILE), { force: true });
  await writeFileOnce(join(dir, KEY_FILE), pems.private, undefined, 0o600);
  await writeFileOnce(join(dir, CERT_FILE), pems.cert, undefined, 0o644);
  const pair = await readPair(dir);
  if (!pair) throw new VigilError('storage', `could not create the TLS certificate in ${dir}`);
  return pair;
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

async function readPair(dir: string): Promise<HubCertificate | null> {
  let cert: string;
  let key: string;
  try {
    [cert, key] = await Promise.all([fsp.readFile(join(dir, CERT_FILE), 'utf8'), fsp.readFile(join(dir, KEY_FILE), 'utf8')]);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw new VigilError('storage', `cannot read the TLS certificate in ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return { cert, key, fingerprint: fingerprintOf(cert) };
  } catch (error) {
    throw new VigilError('storage', `${join(dir, CERT_FILE)} is not a certificate: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Loopback hosts stay plain http; anything else serves TLS. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
