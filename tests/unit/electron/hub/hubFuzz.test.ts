import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_ROUTES, type HubRoute } from '../../../../shared/hub/routes.js';
import { call } from './support/inject.js';
import { DEMO_ANSWERS, enrollBody, makeDevice, makeResult, PASSWORD, startTestHub, TestJournal, type TestHub } from './support/hubFixture.js';

/**
 * Hostile input (DESIGN 8: never 5xx for bad input): 2,000 malformed bodies per route, through
 * app.inject, then the hub must still answer health.
 */
const RUNS = 2000;
const ALLOWED = new Set([200, 201, 202, 400, 401, 403, 404, 409, 413, 422, 429]);
const P = '/api/v1';

const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/json; charset=latin1', ''];

/** Replaces, removes or retypes one field somewhere in a valid body. */
function mutate(valid: unknown): fc.Arbitrary<unknown> {
  const paths: Array<Array<string | number>> = [];
  const walk = (v: unknown, path: Array<string | number>) => {
    paths.push(path);
    if (Array.isArray(v)) v.slice(0, 3).forEach((c, i) => walk(c, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
  };
  walk(valid, []);
  const weird = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(null, -1, 0, 1e308, -0, '', '\u0000', 'x'.repeat(70_000), [], {}, true, '__proto__', '9999-99-99T99:99:99Z'),
    fc.string({ maxLength: 50 }),
  );
  return fc.tuple(fc.constantFrom(...paths), weird, fc.boolean()).map(([path, value, remove]) => {
    const copy = structuredClone(valid) as Record<string | number, unknown>;
    if (path.length === 0) return value;
    let target: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    const last = path.at(-1) as string | number;
    if (remove) delete target[last];
    else target[last] = value;
    return copy;
  });
}

type Request = { payload?: string | Buffer; contentType?: string; auth: 'good' | 'none' | 'bad' };

function requests(valid: unknown): fc.Arbitrary<Request> {
  const auth = fc.constantFrom<'good' | 'none' | 'bad'>('good', 'good', 'good', 'none', 'bad');
  const json = (body: fc.Arbitrary<unknown>) => fc.record({ payload: body.map((b) => JSON.stringify(b) ?? 'null'), contentType: fc.constant('application/json'), auth });
  return fc.oneof(
    { weight: 4, arbitrary: json(mutate(valid)) },
    { weight: 2, arbitrary: json(fc.jsonValue({ maxDepth: 4 })) },
    { weight: 1, arbitrary: json(fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true })) },
    // Raw text: broken JSON, prototype-poisoning keys, deep nesting, huge strings, wrong types.
    {
      weight: 2,
      arbitrary: fc.record({
        payload: fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.constantFrom(
            '{"__proto__":{"admin":true}}',
            '{"constructor":{"prototype":{"polluted":1}}}',
            `{"entries":${'['.repeat(5000)}${']'.repeat(5000)}}`,
            `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`,
            '{"a":1,"a":2}',
            '\uFEFF{}',
            '{"state":"in-progress"',
            'null',
            '[]',
            '"' + 'y'.repeat(100_000) + '"',
          ),
          fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
        ),
        contentType: fc.constantFrom(...CONTENT_TYPES),
        auth,
      }),
    },
  );
}

describe('hub fuzzing', () => {
  let hub: TestHub;
  const tokens: { attempt: string; proctor: string; attemptId: string } = { attempt: '', proctor: '', attemptId: '' };
  const valid: Record<string, unknown> = {};

  beforeAll(async () => {
    hub = await startTestHub({
      rateLimits: { health: 1e9, enroll: 1e9, login: 1e9, heartbeat: 1e9, events: 1e9, result: 1e9, proctor: 1e9, notFound: 1e9 },
    });
    const device = makeDevice();
    const enrolled = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(device, 'fuzz') });
    tokens.attempt = enrolled.json.token;
    tokens.attemptId = enrolled.json.attemptId;
    tokens.proctor = (await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token;
    const journal = new TestJournal().fillExam(DEMO_ANSWERS);
    valid.enroll = enrollBody(makeDevice(), 'fuzz-2');
    valid.heartbeat = { state: 'in-progress', answered: 1, remainingMs: 1000, lastSavedAt: null, journalSeq: 1, ackCommands: ['c1'] };
    valid.events = { entries: journal.entries.slice(0, 3) };
    valid.putResult = makeResult({ attemptId: tokens.attemptId, candidateId: 'fuzz', device, journal });
    valid.proctorLogin = { password: 'not it', name: 'Fuzz' };
    valid.issueCommand = { type: 'override-preflight', checks: ['displays'] };
    valid.gradeEssay = { itemId: 'explain-index', criteria: ['write-cost'] };
    valid.createSitting = { name: 'Fuzz room', accessCode: 'FUZZ-1', opens: '2026-05-03T09:00:00Z', closes: '2026-05-03T12:00:00+02:00', package: { examId: 'demo', examVersion: '2026.11.0' } };
  }, 60_000);
  afterAll(async () => {
    await hub.dispose();
  });

  for (const route of HUB_ROUTES as readonly HubRoute[]) {
    it(`${route.method} ${route.path}: ${RUNS} hostile requests, no 5xx`, async () => {
      const url = route.path.replace(':id', () => tokens.attemptId);
      const token = route.auth === 'proctor' ? tokens.proctor : tokens.attempt;
      await fc.assert(
        fc.asyncProperty(requests(valid[route.operationId] ?? {}), fc.boolean(), async (req, withKey) => {
          const headers: Record<string, string> = {};
          if (req.contentType) headers['content-type'] = req.contentType;
          if (req.auth === 'good') headers.authorization = `Bearer ${token}`;
          if (req.auth === 'bad') headers.authorization = 'Bearer ' + 'A'.repeat(43);
          if (withKey) headers['idempotency-key'] = 'fuzz-key-0001';
          const res = await hub.app.inject({ method: route.method, url, headers, payload: route.method === 'GET' ? undefined : req.payload });
          if (!ALLOWED.has(res.statusCode)) throw new Error(`${res.statusCode} for ${String(req.payload).slice(0, 200)}: ${res.body.slice(0, 300)}`);
          if (res.statusCode >= 400) expect(JSON.parse(res.body)).toHaveProperty('code');
        }),
        { numRuns: RUNS },
      );
    }, 120_000);
  }

  it('still answers health, and holds nothing the fuzzing should not have stored', async () => {
    expect((await call(hub, 'GET', `${P}/health`)).status).toBe(200);
    const list = await call(hub, 'GET', `${P}/proctor/attempts`, { token: tokens.proctor });
    expect(list.status).toBe(200);
    // Only well-formed, correctly signed data can have been stored: the fuzz attempt's result is
    // either absent or the valid one.
    const fuzz = (list.json as Array<{ attemptId: string; result: { resultSha256: string } | null }>).find((a) => a.attemptId === tokens.attemptId);
    expect(fuzz).toBeDefined();
    expect(({}) as Record<string, unknown>).not.toHaveProperty('admin');
    expect(({}) as Record<string, unknown>).not.toHaveProperty('polluted');
  });
});
