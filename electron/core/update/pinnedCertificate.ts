import { X509Certificate } from 'node:crypto';

/**
 * Certificate pinning for requests to the hub (the update feed among them). An assessment-center
 * hub usually has a self-signed certificate no system trusts; the provisioning config names its
 * SHA-256 fingerprint instead, and only that certificate is accepted for the hub's host. Other
 * hosts keep the system's normal verification.
 */
export type CertificateVerdict = 'trust' | 'reject' | 'default';

export interface CertificatePin {
  /** The hub's host name as in its URL (no port). */
  hostname: string;
  /** `AA:BB:…`, 32 pairs, any case. */
  fingerprint: string;
}

/** Colon-separated uppercase SHA-256 of a PEM certificate's DER bytes, as `openssl x509 -fingerprint -sha256` prints. */
export function certificateFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256.toUpperCase();
}

/** What to do with the certificate `hostname` presented. Unparseable certificates for the hub are rejected. */
export function pinnedCertificateVerdict(request: { hostname: string; certificatePem: string }, pin: CertificatePin): CertificateVerdict {
  if (normalizeHost(request.hostname) !== normalizeHost(pin.hostname)) return 'default';
  let actual: string;
  try {
    actual = certificateFingerprint(request.certificatePem);
  } catch (error) {
    if (error instanceof Error) return 'reject';
    throw error;
  }
  return actual === pin.fingerprint.toUpperCase() ? 'trust' : 'reject';
}

/** URL hosts write IPv6 in brackets; TLS layers report them without. */
function normalizeHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}
