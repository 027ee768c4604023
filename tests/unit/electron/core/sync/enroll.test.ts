import { describe, expect, it } from 'vitest';
import { VigilError } from '../../../../../shared/errors.js';
import { enroll, REENROLL_NEEDS_APPROVAL } from '../../../../../electron/core/sync/enroll.js';
import { enrollBody, makeDevice } from '../../hub/support/hubFixture.js';
import { fakeTransport, json } from './fakes.js';

async function refusal(status: number, body: unknown): Promise<VigilError> {
  const transport = fakeTransport(() => json(status, body));
  const error = await enroll('http://hub.test/', enrollBody(makeDevice(), 'c-8'), { transport }).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof VigilError)) throw new Error(`expected a VigilError, got ${String(error)}`);
  return error;
}

describe('enroll: what the candidate is told when the hub refuses', () => {
  it('a new device for an enrolled candidate id: what to do (ask the proctor), not the hub-side wording about priorProof', async () => {
    const error = await refusal(409, {
      code: 'conflict',
      message: "candidate c-8 is already enrolled from another device; enrolling from this one needs that device's consent (priorProof) or a proctor's approval",
      details: { reason: 'reenroll-needs-approval', attemptId: 'a'.repeat(22) },
    });
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(REENROLL_NEEDS_APPROVAL);
    expect(error.message).not.toContain('priorProof');
    expect(error.details).toMatchObject({ reason: 'reenroll-needs-approval', status: 409 });
  });

  it('any other conflict keeps the hub message; a wrong access code is forbidden', async () => {
    const other = await refusal(409, { code: 'conflict', message: 'the sitting is full' });
    expect(other).toMatchObject({ code: 'conflict', message: 'the sitting is full' });
    const code = await refusal(401, { code: 'unauthorized', message: 'wrong access code' });
    expect(code).toMatchObject({ code: 'forbidden', message: 'wrong access code' });
  });
});
