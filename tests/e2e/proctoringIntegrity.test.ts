/**
 * What the proctor and the candidate are told is what happens (issue 14), end to end with a real
 * `vigil hub`, a real `vigil serve --hub` candidate and Chromium on both sides:
 * - the virtual-machine warning this machine raises at pre-flight is on the hub's grid;
 * - a lock stops a background job that writes into the workspace (the file stops growing) and
 *   terminal input is refused by the app, not only covered by the page; unlock resumes both;
 * - the pause reason the proctor types is on the candidate's screen.
 */
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PATH } from '../../electron/host/startHost.js';
import { runCli, startCliServer } from '../support/cliProcess.js';
import { repoRoot } from '../support/paths.js';
import { packProctoredDemo } from '../support/proctoredDemo.js';
import { CHROMIUM_FLAGS, requireChromium } from './harness.js';

const ACCESS_CODE = 'ROOM14';
const PASSWORD = 'integrity e2e password';
const ITEM = 'sum-function';
const CANDIDATE = { id: 'c-grace', name: 'Grace Hopper' };

type Server = Awaited<ReturnType<typeof startCliServer>>;

/** One request over the candidate app's own WebSocket transport, as the page would send it. */
async function callApp(server: Server, method: string, params: unknown): Promise<{ result?: unknown; error?: { code: string; message: string } }> {
  const origin = server.url.replace(/\/$/, '');
  const ws = new WebSocket(`${origin.replace('http', 'ws')}${WS_PATH}`, { origin });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const reply = new Promise<Record<string, unknown>>((resolve) => {
    ws.on('message', (data, isBinary) => {
      // Terminal output goes to every connected page as binary frames (shared/terminalFrame.ts):
      // not a reply.
      if (isBinary) return;
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (message.id === 1) resolve(message);
    });
  });
  ws.send(JSON.stringify({ id: 1, method, params }));
  const answer = await reply;
  ws.close();
  return answer as { result?: unknown; error?: { code: string; message: string } };
}

describe('proctoring integrity, end to end', () => {
  let tmp: string;
  let hub: Server;
  let candidate: Server;
  let browser: Browser;
  let page: Page;
  let dashboard: Page;
  let grows = '';

  const row = () => dashboard.locator(`[data-testid="attempt-row"][data-candidate-id="${CANDIDATE.id}"]`);
  const size = async () => (await stat(grows).catch(() => ({ size: 0 }))).size;
  const factState = () => dashboard.getByTestId('attempt-facts').getByTestId('state').getAttribute('data-state');

  async function command(testId: string, fill?: (dialog: ReturnType<Page['getByTestId']>) => Promise<void>): Promise<void> {
    await dashboard.getByTestId(testId).click();
    const dialog = dashboard.getByTestId('command-dialog');
    await dialog.waitFor();
    await fill?.(dialog);
    await dialog.getByTestId('command-confirm').click();
    await expect.poll(() => dialog.count()).toBe(0);
  }

  beforeAll(async () => {
    await mkdir(join(repoRoot, 'test-results', 'screenshots'), { recursive: true });
    tmp = await mkdtemp(join(tmpdir(), 'vigil-integrity-'));
    // Report, not block: this machine (a container) looks like a VM, and that warning is the point.
    const packed = await packProctoredDemo(tmp, { remoteSession: 'report', virtualMachine: 'report' });
    const passwordFile = join(tmp, 'proctor-password');
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    hub = await startCliServer(['hub', '--exam', packed.grading, '--data', join(tmp, 'hub'), '--access-code', ACCESS_CODE, '--proctor-password-file', passwordFile]);
    // Ana, the proctor who logs in by name (the first admin, `admin`, has the file's password too).
    const added = await runCli(['hub', 'user', 'add', 'Ana', '--role', 'admin', '--data', join(tmp, 'hub'), '--password-file', passwordFile]);
    if (added.code !== 0) throw new Error(`vigil hub user add: ${added.stderr}`);
    candidate = await startCliServer(['serve', '--exam', packed.delivery, '--data', join(tmp, 'candidate'), '--hub', hub.url, '--allow-plaintext-device-key']);
    browser = await chromium.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_FLAGS });
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    dashboard = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await candidate?.stop();
    await hub?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('the candidate is warned at pre-flight that the proctor sees the VM, and the hub’s grid shows it', async () => {
    await page.goto(candidate.url);
    await page.evaluate(() => localStorage.setItem('vigil:test-hooks', '1'));
    await page.reload();
    await page.getByLabel('Candidate id').fill(CANDIDATE.id);
    await page.getByLabel('Full name').fill(CANDIDATE.name);
    await page.getByLabel('Access code').fill(ACCESS_CODE);
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.locator('[data-screen="preflight"] .checks').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-screen="preflight"]').textContent()).toContain('the proctor will see this');

    await dashboard.goto(new URL('/dashboard/', hub.url).toString());
    await dashboard.getByLabel('Your name').fill('Ana');
    await dashboard.getByLabel('Proctor password').fill(PASSWORD);
    await dashboard.getByRole('button', { name: 'Log in' }).click();
    await dashboard.getByTestId('attempt-grid').waitFor({ timeout: 15_000 });
    await expect.poll(() => row().getByTestId('violations').textContent().catch(() => ''), { timeout: 20_000 }).toMatch(/[1-9]\d* warning/);
    await row().getByRole('link', { name: CANDIDATE.name }).click();
    await expect.poll(() => dashboard.getByTestId('violation-table').textContent().catch(() => ''), { timeout: 15_000 }).toContain('vm-detected');

    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.getByTestId('start').click({ timeout: 15_000 });
    await page.locator(`nav button[data-item-id="${ITEM}"]`).click({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('terminal-pane').getAttribute('data-phase'), { timeout: 20_000 }).toBe('running');
    await expect.poll(factState, { timeout: 20_000 }).toBe('in-progress');
  });

  it('a lock stops the background job and refuses typed input; unlock resumes both', async () => {
    const attemptsDir = join(tmp, 'candidate', 'attempts');
    const [attemptId] = readdirSync(attemptsDir);
    grows = join(attemptsDir, attemptId ?? '?', 'workspace', ITEM, 'grows.txt');
    await page.locator('.terminal-container .xterm').click();
    await page.keyboard.type('(while :; do echo x >> grows.txt; sleep 0.1; done) &');
    await page.keyboard.press('Enter');
    await expect.poll(size, { timeout: 15_000 }).toBeGreaterThan(0);

    await command('command-lock', (d) => d.getByLabel(/Message on the lock screen/).fill('Please stay seated.'));
    const overlay = page.getByTestId('locked-overlay');
    await overlay.waitFor({ timeout: 15_000 });
    expect(await overlay.textContent()).toContain('The clock keeps running while the exam is locked.');
    // Typed input reaches the app and is refused there, naming the state.
    const typed = await callApp(candidate, 'terminalWrite', { sessionId: ITEM, data: 'touch typed-while-locked\r' });
    expect(typed.error).toMatchObject({ code: 'invalid-state' });
    expect(typed.error?.message).toContain('locked');
    // The job is stopped: the file does not grow any more.
    const stoppedAt = await size();
    await page.waitForTimeout(1_000);
    expect(await size()).toBe(stoppedAt);

    await expect.poll(factState, { timeout: 15_000 }).toBe('locked');
    await command('command-unlock');
    await expect.poll(() => overlay.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(size, { timeout: 15_000 }).toBeGreaterThan(stoppedAt);
    const after = await callApp(candidate, 'terminalWrite', { sessionId: ITEM, data: 'touch typed-after-unlock\r' });
    expect(after.error).toBeUndefined();
    const files = async () => ((await callApp(candidate, 'workspaceList', { itemId: ITEM })).result as { entries: Array<{ path: string }> }).entries.map((e) => e.path);
    await expect.poll(files, { timeout: 15_000 }).toContain('typed-after-unlock');
    expect(await files()).not.toContain('typed-while-locked');
    await expect.poll(factState, { timeout: 15_000 }).toBe('in-progress');
  });

  it('the pause reason the proctor gives is on the candidate’s screen', async () => {
    await command('command-pause', (d) => d.getByLabel(/Reason shown to the candidate/).fill('Fire alarm: please leave by the east stairs.'));
    const overlay = page.getByTestId('paused-overlay');
    await overlay.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('pause-reason').textContent()).toContain('Fire alarm: please leave by the east stairs.');
    await page.screenshot({ path: join(repoRoot, 'test-results', 'screenshots', 'paused-with-reason-1366.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(repoRoot, 'test-results', 'screenshots', 'paused-with-reason-1920.png') });
    await expect.poll(factState, { timeout: 15_000 }).toBe('paused');
    await command('command-resume');
    await expect.poll(() => overlay.count(), { timeout: 15_000 }).toBe(0);
  });
});
