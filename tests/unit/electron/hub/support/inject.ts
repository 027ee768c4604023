import type { RunningHub } from '../../../../../electron/hub/createHubServer.js';

export interface Call {
  status: number;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test replies are inspected field by field
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

/** One request through app.inject (no socket): fast enough to fuzz with thousands of bodies. */
export async function call(
  hub: Pick<RunningHub, 'app'>,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
  url: string,
  opts: { token?: string; body?: unknown; payload?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Call> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let payload: string | Buffer | undefined = opts.payload;
  if (opts.body !== undefined) {
    payload = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await hub.app.inject({ method, url, headers, payload });
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    // Not JSON (CSV, HTML): the test reads `text`.
    json = undefined;
  }
  return { status: res.statusCode, json, text: res.body, headers: res.headers };
}
