import { describe, expect, it, vi } from 'vitest';
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
