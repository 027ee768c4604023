import { createHash, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateFingerprint, pinnedCertificateVerdict } from '../../../../../electron/core/update/pinnedCertificate.js';

let pem: string;
let other: string;
beforeAll(async () => {
  pem = (await generate([{ name: 'commonName', value: 'hub' }], { keyType: 'ec', curve: 'P-256' })).cert;
  other = (await generate([{ name: 'commonName', value: 'impostor' }], { keyType: 'ec', curve: 'P-256' })).cert;
});

describe('pinned hub certificate', () => {
  it('is the SHA-256 of the DER bytes as colon-separated uppercase hex (what `openssl x509 -fingerprint -sha256` prints)', () => {
    const der = new X509Certificate(pem).raw;
    const expected = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
    expect(certificateFingerprint(pem)).toBe(expected);
    expect(certificateFingerprint(pem)).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('trusts exactly the pinned certificate for the hub host, whatever the case of the pin', () => {
    const pin = { hostname: '10.0.0.5', fingerprint: certificateFingerprint(pem).toLowerCase() };
    expect(pinnedCertificateVerdict({ hostname: '10.0.0.5', certificatePem: pem }, pin)).toBe('trust');
    expect(pinnedCertificateVerdict({ hostname: '10.0.0.5', certificatePem: other }, pin)).toBe('reject');
    expect(pinnedCertificateVerdict({ hostname: '10.0.0.5', certificatePem: 'not a certificate' }, pin)).toBe('reject');
  });

  it('leaves other hosts to the normal verification', () => {
    const pin = { hostname: 'hub.local', fingerprint: certificateFingerprint(pem) };
    expect(pinnedCertificateVerdict({ hostname: 'example.org', certificatePem: other }, pin)).toBe('default');
    expect(pinnedCertificateVerdict({ hostname: 'HUB.local', certificatePem: pem }, pin)).toBe('trust');
    expect(pinnedCertificateVerdict({ hostname: '::1', certificatePem: pem }, { hostname: '[::1]', fingerprint: pin.fingerprint })).toBe('trust');
  });
});
