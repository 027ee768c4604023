import { createHash, randomBytes } from 'node:crypto';

/**
 * An attempt id is derived from what identifies an attempt: the exam, its version, the candidate
 * and the device key (its DER bytes, so PEM formatting does not matter). The same candidate on the
 * same device gets the same id on every hub, which makes re-enrollment idempotent and lets a hub
 * forward an attempt to an upstream hub under the same id (the signed result names it).
 */
export function deriveAttemptId(examId: string, examVersion: string, candidateId: string, spkiDer: Buffer): string {
  const hash = createHash('sha256')
    .update(['vigil-attempt/1', examId, examVersion, candidateId, spkiDer.toString('base64')].join('\n'), 'utf8')
    .digest();
  return `a${hash.subarray(0, 16).toString('base64url')}`;
}

export function newCommandId(): string {
  return `c${randomBytes(12).toString('base64url')}`;
}
