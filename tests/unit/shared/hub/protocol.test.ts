import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, commandIdOfEntryData, commandRequestSchema, hubCommandSchema } from '../../../../shared/hub/commands.js';
import { enrollRequestSchema } from '../../../../shared/hub/enrollment.js';
import { heartbeatSchema } from '../../../../shared/hub/heartbeat.js';
import { errorCodeForStatus, HUB_ERROR_STATUSES } from '../../../../shared/hub/hubErrors.js';
import { decodeReceiptPayload } from '../../../../shared/hub/receipt.js';
import { HUB_ROUTES, openApiPath } from '../../../../shared/hub/routes.js';

const bodies: Record<(typeof COMMAND_TYPES)[number], Record<string, unknown>> = {
  'add-time': { minutes: 5 },
  pause: { reason: 'fire drill' },
  resume: {},
  lock: { message: 'look at me' },
  unlock: {},
  message: { text: '10 minutes left' },
  'force-submit': {},
  'allow-quit': {},
  'override-preflight': { checks: ['displays', 'vm'] },
};
const envelope = { id: 'c123', issuedBy: 'Ada', issuedAt: '2026-05-01T09:00:00.000Z' };

describe('hub protocol schemas', () => {
  it('every command type: a proctor body, and the delivered command with id, issuer and time', () => {
    for (const type of COMMAND_TYPES) {
      expect(commandRequestSchema.safeParse({ type, ...bodies[type] }).success, type).toBe(true);
      expect(hubCommandSchema.safeParse({ type, ...bodies[type], ...envelope }).success, type).toBe(true);
      expect(hubCommandSchema.safeParse({ type, ...bodies[type] }).success, `${type} without envelope`).toBe(false);
    }
    expect(commandRequestSchema.safeParse({ type: 'add-time', minutes: -1 }).success).toBe(false);
    expect(commandRequestSchema.safeParse({ type: 'message', text: '' }).success).toBe(false);
    expect(commandRequestSchema.safeParse({ type: 'resume', extra: 1 }).success).toBe(false);
    expect(commandRequestSchema.safeParse({ type: 'lock', message: 'a\u0007b' }).success).toBe(false);
    expect(commandRequestSchema.safeParse({ type: 'message', text: 'line one\nline two' }).success).toBe(true);
  });

  it('a command journal entry names the command it acknowledges', () => {
    expect(commandIdOfEntryData({ ...envelope, type: 'resume' })).toBe('c123');
    expect(commandIdOfEntryData({ id: '../x' })).toBeNull();
    expect(commandIdOfEntryData(null)).toBeNull();
    expect(commandIdOfEntryData(['c123'])).toBeNull();
  });

  it('enrollment trims names and refuses control characters; device info takes any string key within its caps', () => {
    const base = { accessCode: 'ABCD', candidateId: '  c-1 ', candidateName: ' Ada ', devicePublicKey: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----', deviceInfo: { os: 'linux' } };
    expect(enrollRequestSchema.parse(base)).toMatchObject({ candidateId: 'c-1', candidateName: 'Ada' });
    expect(enrollRequestSchema.safeParse({ ...base, candidateName: 'A\u0000da' }).success).toBe(false);
    // DESIGN 8: optional strings "(os, hostname, appVersion, ...)": a key the hub does not know is kept.
    expect(enrollRequestSchema.parse({ ...base, deviceInfo: { os: 'linux', kernel: '6.1.0', 'cpu.model': 'Ryzen 7' } }).deviceInfo).toEqual({ os: 'linux', kernel: '6.1.0', 'cpu.model': 'Ryzen 7' });
    expect(enrollRequestSchema.safeParse({ ...base, deviceInfo: { kernel: 6 } }).success).toBe(false);
    expect(enrollRequestSchema.safeParse({ ...base, deviceInfo: { kernel: 'x'.repeat(257) } }).success).toBe(false);
    expect(enrollRequestSchema.safeParse({ ...base, deviceInfo: { 'bad key': 'x' } }).success).toBe(false);
    expect(enrollRequestSchema.safeParse({ ...base, deviceInfo: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'x'])) }).success).toBe(false);
    expect(enrollRequestSchema.safeParse({ ...base, deviceInfo: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'x'.repeat(250)])) }).success).toBe(false);
    expect(enrollRequestSchema.safeParse({ ...base, deviceInfo: { os: 'x'.repeat(200) } }).success).toBe(false);
    expect(enrollRequestSchema.safeParse({ ...base, devicePublicKey: 'ssh-ed25519 AAAA' }).success).toBe(false);
  });

  it('heartbeats carry the live status and optional command acknowledgements', () => {
    const hb = { state: 'paused', answered: 2, remainingMs: 1000, lastSavedAt: null, journalSeq: 0 };
    expect(heartbeatSchema.safeParse(hb).success).toBe(true);
    expect(heartbeatSchema.safeParse({ ...hb, ackCommands: ['c1', 'c2'] }).success).toBe(true);
    expect(heartbeatSchema.safeParse({ ...hb, remainingMs: -1 }).success).toBe(false);
    expect(heartbeatSchema.safeParse({ ...hb, state: 'asleep' }).success).toBe(false);
  });

  it('receipt payloads decode; anything else is null', () => {
    const payload = { hubId: 'h1', attemptId: 'a1', resultSha256: 'a'.repeat(64), receivedAt: '2026-05-01T10:00:00.000Z' };
    const b64 = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const unb64 = (s: string) => atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    expect(decodeReceiptPayload(`vr1.${b64(JSON.stringify(payload))}.mac`, unb64)).toEqual(payload);
    expect(decodeReceiptPayload('vr2.x.y', unb64)).toBeNull();
    expect(decodeReceiptPayload(`vr1.${b64('{"hubId":1}')}.mac`, unb64)).toBeNull();
    expect(decodeReceiptPayload('vr1.%%%.mac', unb64)).toBeNull();
  });

  it('the route table is DESIGN 8: unique operations, a status and limit each', () => {
    expect(new Set(HUB_ROUTES.map((r) => r.operationId)).size).toBe(HUB_ROUTES.length);
    expect(HUB_ROUTES.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/health',
        'POST /api/v1/enroll',
        'POST /api/v1/attempts/:id/heartbeats',
        'POST /api/v1/attempts/:id/events',
        'PUT /api/v1/attempts/:id/result',
        'POST /api/v1/proctor/login',
        'GET /api/v1/proctor/attempts',
        'POST /api/v1/proctor/attempts/:id/commands',
        'GET /api/v1/proctor/results.csv',
      ]),
    );
    for (const r of HUB_ROUTES) for (const s of r.errors) expect(Object.keys(HUB_ERROR_STATUSES)).toContain(String(s));
    expect(openApiPath('/api/v1/attempts/:id/result')).toBe('/api/v1/attempts/{id}/result');
    expect([400, 401, 403, 404, 409, 413, 422, 429, 500].map(errorCodeForStatus)).toEqual([
      'invalid-params',
      'forbidden',
      'forbidden',
      'not-found',
      'conflict',
      'invalid-params',
      'invalid-params',
      'unavailable',
      'internal',
    ]);
  });
});
