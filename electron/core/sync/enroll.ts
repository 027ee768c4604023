import { sign, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonicalJson.js';
import { describeZodError, VigilError } from '../../../shared/errors.js';
import { enrollProofPayload, enrollReplySchema, enrollRequestSchema, type EnrollReply, type EnrollRequestInput } from '../../../shared/hub/enrollment.js';
import { HUB_API_PREFIX } from '../../../shared/hub/limits.js';
import { createHubTransport, HubRequestError, replyMessage, type HubResponse, type HubTransport } from './hubTransport.js';

/**
 * Enrollment at a hub (DESIGN 8). With the device's private key the request carries `proof` (the
 * key signs the candidate id and public key), which the hub requires to enroll the same candidate
 * and device again (after a crash, or when the reply to a first try was lost).
 *
 * Failures are VigilError: 'forbidden' (wrong access code), 'conflict', 'invalid-params' (the hub
 * refused the request), 'unavailable' (no hub reachable, or a pinned certificate that does not
 * match: details.kind says which).
 */
export interface EnrollOptions {
  fingerprint?: string;
  /** The device key; adds `proof`. */
  privateKey?: KeyObject;
  timeoutMs?: number;
  /** Tests and the hub's forwarder pass their own transport. */
  transport?: HubTransport;
}

/** What the candidate reads when the hub wants a proctor to allow this device (issue 15 point 8). */
export const REENROLL_NEEDS_APPROVAL = 'You are already checked in for this exam on another device. Ask your proctor to allow this device, then check in again.';

function reasonOf(res: HubResponse): unknown {
  const body = res.json as { details?: { reason?: unknown } } | undefined;
  return body?.details?.reason;
}

export function enrollmentProof(candidateId: string, devicePublicKey: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(canonicalJson(enrollProofPayload(candidateId, devicePublicKey)), 'utf8'), privateKey).toString('base64');
}

export async function enroll(hubUrl: string, body: EnrollRequestInput, options: EnrollOptions = {}): Promise<EnrollReply> {
  const request = enrollRequestSchema.safeParse(body);
  if (!request.success) throw new VigilError('invalid-params', describeZodError('enrollment', request.error).message);
  const req = request.data;
  if (options.privateKey && req.proof === undefined) req.proof = enrollmentProof(req.candidateId, req.devicePublicKey, options.privateKey);
  const transport = options.transport ?? createHubTransport({ hubUrl, fingerprint: options.fingerprint, timeoutMs: options.timeoutMs });
  try {
    const res = await transport.request('POST', `${HUB_API_PREFIX}/enroll`, { body: req, timeoutMs: options.timeoutMs });
    if (res.status === 201) {
      const reply = enrollReplySchema.safeParse(res.json);
      if (!reply.success) throw new VigilError('unavailable', `the hub's enrollment reply is not understood: ${describeZodError('reply', reply.error).message}`);
      return reply.data;
    }
    const message = replyMessage(res);
    if (res.status === 401) throw new VigilError('forbidden', message, { status: res.status });
    if (res.status === 409) {
      // The hub's text speaks of priorProof; the candidate needs to know what to do.
      if (reasonOf(res) === 'reenroll-needs-approval') throw new VigilError('conflict', REENROLL_NEEDS_APPROVAL, { status: res.status, reason: 'reenroll-needs-approval' });
      throw new VigilError('conflict', message, { status: res.status });
    }
    if (res.status === 429 || res.status >= 500) throw new VigilError('unavailable', `the hub is busy: ${message}`, { status: res.status });
    throw new VigilError('invalid-params', message, { status: res.status });
  } catch (error) {
    if (error instanceof HubRequestError) throw new VigilError('unavailable', error.message, { kind: error.kind });
    throw error;
  } finally {
    if (!options.transport) transport.close();
  }
}
