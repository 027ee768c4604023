import { describe, expect, it } from 'vitest';
import { RESULT_FORMAT, resultSchema, unsignedResultSchema, type UnsignedResult } from '../../../shared/result.js';

const unsigned = (): UnsignedResult => ({
  format: RESULT_FORMAT,
  attemptId: 'att-1',
  examId: 'demo',
  examVersion: '1.0.0',
  candidate: { id: 'c1', name: 'Grace Hopper' },
  device: { id: 'dev-1' },
  startedAt: '2025-05-01T09:00:00.000Z',
  submittedAt: '2025-05-01T10:00:00+02:00',
  submitReason: 'candidate',
  answers: { q1: 'a', q2: { nested: [1, 2, null] } },
  workspaces: { code: { archive: 'H4sIAAAAAAAAAwMAAAAAAAAAAAA=', sha256: '0'.repeat(64) } },
  journal: { count: 12, headHash: 'f'.repeat(64) },
});
const SIG = `${'A'.repeat(86)}==`;

describe('result schema', () => {
  it('accepts the DESIGN 8 shape, signed and unsigned', () => {
    expect(unsignedResultSchema.parse(unsigned())).toEqual(unsigned());
    expect(resultSchema.parse({ ...unsigned(), signature: SIG }).signature).toBe(SIG);
  });

  it('requires the signature on a result and forbids it on an unsigned one', () => {
    expect(resultSchema.safeParse(unsigned()).success).toBe(false);
    expect(unsignedResultSchema.safeParse({ ...unsigned(), signature: SIG }).success).toBe(false);
  });

  it.each<[string, (r: Record<string, unknown>) => void]>([
    ['an unknown top-level field', (r) => (r.score = 10)],
    ['an unknown candidate field', (r) => ((r.candidate as Record<string, unknown>).email = 'x@y')],
    ['another format', (r) => (r.format = 'vigil-result/2')],
    ['a submit reason outside the enum', (r) => (r.submitReason = 'crash')],
    ['a non-ISO time', (r) => (r.startedAt = 'yesterday')],
    ['an upper-case or short hash', (r) => (r.journal = { count: 1, headHash: 'F'.repeat(64) })],
    ['an empty journal', (r) => (r.journal = { count: 0, headHash: 'f'.repeat(64) })],
    ['a non-base64 archive', (r) => (r.workspaces = { code: { archive: 'not base64!', sha256: '0'.repeat(64) } })],
    ['an answer that is not JSON', (r) => (r.answers = { q1: Number.NaN })],
    ['an item id that is not an identifier', (r) => (r.answers = { '../q1': 'a' })],
  ])('rejects %s', (_name, damage) => {
    const r = unsigned() as unknown as Record<string, unknown>;
    damage(r);
    expect(unsignedResultSchema.safeParse(r).success).toBe(false);
  });

  it('rejects a signature that is not 64 bytes of base64', () => {
    for (const signature of ['', 'abc', `${'A'.repeat(85)}==`, `${'A'.repeat(86)}=!`]) {
      expect(resultSchema.safeParse({ ...unsigned(), signature }).success).toBe(false);
    }
  });
});
