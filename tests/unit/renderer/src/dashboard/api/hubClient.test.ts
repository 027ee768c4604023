import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { AttemptSummary } from '../../../../../../shared/hub/proctor.js';
import { createHubClient, HubRequestError, type FetchLike } from '../../../../../../renderer/src/dashboard/api/hubClient.js';
import { summary } from '../fixtures.js';

const TOKEN = 'a'.repeat(43);

function client(reply: (url: string, init?: RequestInit) => Response | Promise<Response>, token: string | null = TOKEN) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return reply(url, init);
  };
  const onUnauthorized = vi.fn();
  return { calls, onUnauthorized, hub: createHubClient({ origin: 'http://hub.test/', token: () => token, fetch, onUnauthorized }) };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('createHubClient', () => {
  it('sends the bearer token and JSON bodies to the proctor routes and validates the replies', async () => {
    const { hub, calls } = client((url) => (url.endsWith('/attempts') ? json(200, [summary({ attemptId: 'a' })]) : json(202, { commandId: 'cmd-1' })));
    expect((await hub.attempts()).map((a) => a.attemptId)).toEqual(['a']);
    expect(await hub.command('a/../b', { type: 'add-time', minutes: 5 })).toEqual({ commandId: 'cmd-1' });
    expect(calls[0]!.url).toBe('http://hub.test/api/v1/proctor/attempts');
    expect((calls[0]!.init!.headers as Record<string, string>).authorization).toBe(`Bearer ${TOKEN}`);
    // Ids are path segments, never paths.
    expect(calls[1]!.url).toBe('http://hub.test/api/v1/proctor/attempts/a%2F..%2Fb/commands');
    expect(calls[1]!.init!.method).toBe('POST');
    expect(JSON.parse(String(calls[1]!.init!.body))).toEqual({ type: 'add-time', minutes: 5 });
  });

  it('turns error replies into HubRequestError with the hub’s message, and reports a lost session', async () => {
    const { hub, onUnauthorized } = client(() => json(401, { code: 'forbidden', message: 'missing, unknown or expired proctor token' }));
    const failure = await hub.attempts().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HubRequestError);
    expect(failure).toMatchObject({ status: 401, code: 'forbidden', message: 'missing, unknown or expired proctor token' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);

    const limited = client(() => new Response('<html>too many</html>', { status: 429, statusText: 'Too Many Requests' }), null);
    await expect(limited.hub.login('pw')).rejects.toMatchObject({ status: 429, code: 'unavailable' });
    // A failed login is not a lost session.
    const badLogin = client(() => json(401, { code: 'forbidden', message: 'wrong password' }), null);
    await expect(badLogin.hub.login('nope')).rejects.toMatchObject({ status: 401 });
    expect(badLogin.onUnauthorized).not.toHaveBeenCalled();
  });

  it('says when the hub cannot be reached or sends something unexpected', async () => {
    const down = client(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(down.hub.attempts()).rejects.toMatchObject({ status: 0, code: 'unavailable' });
    const odd = client(() => json(200, [{ attemptId: 'x' }]));
    await expect(odd.hub.attempts()).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('unexpected reply') });
  });

  it('downloads the results CSV with the file name the hub gives', async () => {
    const { hub } = client(() => new Response('attemptId,score\na,3\n', { status: 200, headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="results-demo.csv"' } }));
    const { blob, filename } = await hub.resultsCsv();
    expect(filename).toBe('results-demo.csv');
    expect(await blob.text()).toBe('attemptId,score\na,3\n');
  });
});

describe('callRoute (typed by shared/hub/routes.ts)', () => {
  it('takes method and path from the route table, encodes parameters as segments, sends the query, validates the reply with the route schema', async () => {
    const { hub, calls } = client((url) => (url.includes('/blind-grading/') ? json(200, { nope: true }) : json(200, [summary({ attemptId: 'a' })])));
    const list = await hub.callRoute('listAttempts', { params: {}, query: { sitting: 's1' } });
    expectTypeOf(list).toEqualTypeOf<AttemptSummary[]>();
    expect(list.map((a) => a.attemptId)).toEqual(['a']);
    expect(calls[0]!.url).toBe('http://hub.test/api/v1/proctor/attempts?sitting=s1');
    expect(calls[0]!.init!.method).toBe('GET');

    // The reply does not match blindGradeReplySchema: refused, not handed to the UI.
    await expect(hub.callRoute('blindGrade', { params: { examId: 'e/1', code: 'K7QF-2M9X' }, body: { itemId: 'essay', criteria: [] } })).rejects.toMatchObject({ code: 'internal' });
    expect(calls[1]!.url).toBe('http://hub.test/api/v1/proctor/exams/e%2F1/blind-grading/K7QF-2M9X');
    expect(calls[1]!.init!.method).toBe('POST');
    expect(JSON.parse(String(calls[1]!.init!.body))).toEqual({ itemId: 'essay', criteria: [] });
  });

  it('hands CSV, HTML and PDF routes back as the Response', async () => {
    const { hub } = client(() => new Response('a,b\r\n', { status: 200, headers: { 'content-type': 'text/csv' } }));
    const response = await hub.callRoute('cohortCsv', { params: { examId: 'e' } });
    expectTypeOf(response).toEqualTypeOf<Response>();
    expect(await response.text()).toBe('a,b\r\n');
  });

  it('is checked by the compiler against the table', () => {
    const { hub } = client(() => json(200, {}));
    const never = () => {
      // @ts-expect-error attemptDetail needs its :id
      void hub.callRoute('attemptDetail', { params: {} });
      // @ts-expect-error issueCommand's body is a CommandRequest
      void hub.callRoute('issueCommand', { params: { id: 'a' }, body: { type: 'dance' } });
      // @ts-expect-error no such operation
      void hub.callRoute('dropTables', { params: {} });
      // @ts-expect-error health has no query
      void hub.callRoute('health', { params: {}, query: { sitting: 's1' } });
    };
    expect(typeof never).toBe('function');
  });
});
