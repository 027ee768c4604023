/**
 * The host's WebSocket transport sends a shell's output only to the connections that opened that
 * shell (terminalOpen), and every other event to all of them: a second page, tab or tool that shows
 * another item pays nothing for a flood in this one.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { VigilApi } from '../../../shared/contract.js';
import { startHost, WS_PATH } from '../../../electron/host/startHost.js';
import { createClient } from '../../../renderer/src/api/client.js';
import { createWsBridge, type WebSocketLike } from '../../../renderer/src/api/wsBridge.js';
import { demoExamDir } from '../../support/paths.js';

const ITEM = 'sum-function';

describe('terminal output over the host WebSocket', () => {
  let root: string;
  let host: Awaited<ReturnType<typeof startHost>>;
  const bridges: Array<ReturnType<typeof createWsBridge>> = [];

  function connect(): { api: VigilApi; output: () => string; otherEvents: () => number } {
    const origin = host.url.slice(0, -1);
    const bridge = createWsBridge(`${origin.replace('http', 'ws')}${WS_PATH}`, (url) => new WebSocket(url, { origin }) as unknown as WebSocketLike);
    bridges.push(bridge);
    const api = createClient(bridge);
    let text = '';
    let others = 0;
    const decoder = new TextDecoder();
    api.on('terminalOutput', (e) => {
      text += decoder.decode(e.data, { stream: true });
    });
    api.on('attemptChanged', () => {
      others += 1;
    });
    return { api, output: () => text, otherEvents: () => others };
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-ws-terminal-'));
    const rendererDir = join(root, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
    host = await startHost({ examDir: demoExamDir, dataDir: join(root, 'data'), rendererDir, version: '1.2.3' });
  });
  afterAll(async () => {
    for (const b of bridges) b.close();
    await host.close();
    await rm(root, { recursive: true, force: true });
  });

  it('goes to the connection that opened the shell, not to one that did not; opening later replays and then streams', async () => {
    const opener = connect();
    const bystander = connect();
    await opener.api.checkIn({ candidateId: 'c-ws', candidateName: 'Wes' });
    await opener.api.completePreflight({});
    await opener.api.startAttempt({});
    await opener.api.terminalOpen({ sessionId: ITEM, cols: 80, rows: 24 });
    await opener.api.terminalWrite({ sessionId: ITEM, data: 'echo first-$((6*7))\r' });
    await expect.poll(opener.output, { timeout: 15_000 }).toContain('first-42');
    // The bystander hears the attempt's other events, never the shell's bytes.
    await opener.api.saveAnswer({ itemId: 'http-status', value: 'b' });
    await expect.poll(bystander.otherEvents, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(bystander.output()).toBe('');

    // Once it opens the shell too (a second window reattaching), it gets the recent output, then more.
    await bystander.api.terminalOpen({ sessionId: ITEM, cols: 80, rows: 24 });
    await expect.poll(bystander.output, { timeout: 10_000 }).toContain('first-42');
    await opener.api.terminalWrite({ sessionId: ITEM, data: 'echo second-$((7*7))\r' });
    await expect.poll(bystander.output, { timeout: 15_000 }).toContain('second-49');
    await expect.poll(opener.output, { timeout: 15_000 }).toContain('second-49');
  });

  it('a refused open of a shell subscribes to nothing', async () => {
    const page = connect();
    // The right shell, but a size the contract refuses: no output of that shell follows.
    await expect(page.api.terminalOpen({ sessionId: ITEM, cols: 0, rows: 24 })).rejects.toThrow(/cols/);
    const other = connect();
    await other.api.terminalOpen({ sessionId: ITEM, cols: 80, rows: 24 });
    await other.api.terminalWrite({ sessionId: ITEM, data: 'echo third-$((8*8))\r' });
    await expect.poll(other.output, { timeout: 15_000 }).toContain('third-64');
    expect(page.output()).toBe('');
  });
});
