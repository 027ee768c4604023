/**
 * The proctor dashboard in Chromium against a real `vigil hub`: log in, the live grid, filters and
 * sorting, an attempt's page, a command sent from its dialog reaching the candidate's heartbeat
 * reply, the CSV export, and axe (zero violations) on the login, grid, attempt page and a command
 * dialog. The candidates are simulated over the hub's HTTP API (enroll with an Ed25519 device key,
 * then heartbeats), so the test needs only the hub.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeartbeatReply } from '../../shared/hub/heartbeat.js';
import { journalHashInput, type JournalEntry } from '../../shared/journal.js';
import { runCli, startCliServer } from '../support/cliProcess.js';
import { demoExamDir, repoRoot } from '../support/paths.js';
import { expectAxeClean } from './axe.js';
import { CHROMIUM_FLAGS, requireChromium } from './harness.js';

const ACCESS_CODE = 'CODE';
const SHOTS = process.env.VIGIL_SCREENSHOTS === 'docs' ? join(repoRoot, 'docs', 'screenshots') : join(repoRoot, 'test-results', 'screenshots');
const PASSWORD = 'dashboard e2e password';

interface Enrolled {
  attemptId: string;
  token: string;
}

describe('the proctor dashboard served by vigil hub', () => {
  let tmp: string;
  let hub: { url: string; stop(): Promise<number | null> };
  let browser: Browser;
  let page: Page;
  let ada: Enrolled;
  let brian: Enrolled;
  const adaReplies: HeartbeatReply[] = [];
  let beating: NodeJS.Timeout | null = null;

  const api = (path: string) => new URL(path, hub.url).toString();

  async function enroll(candidateId: string, candidateName: string): Promise<Enrolled> {
    const { publicKey } = generateKeyPairSync('ed25519');
    const res = await fetch(api('/api/v1/enroll'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessCode: ACCESS_CODE, candidateId, candidateName, devicePublicKey: publicKey.export({ type: 'spki', format: 'pem' }), deviceInfo: { os: 'linux', hostname: `${candidateId}-laptop` } }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as Enrolled;
  }

  const shipped = new Map<string, number>();

  async function heartbeat(who: Enrolled, answered: number): Promise<HeartbeatReply> {
    const res = await fetch(api(`/api/v1/attempts/${who.attemptId}/heartbeats`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` },
      // A real candidate's heartbeat names its journal's last seq: at least what it has shipped
      // (the hub takes journal entries newer than the heartbeat's seq as the newer state).
      body: JSON.stringify({ state: 'in-progress', answered, remainingMs: 600_000, lastSavedAt: new Date().toISOString(), journalSeq: shipped.get(who.attemptId) ?? 0 }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as HeartbeatReply;
  }

  /** Ships journal entries for an attempt, hash-chained as the candidate's journal would be. */
  async function shipEvents(who: Enrolled, items: Array<Pick<JournalEntry, 'type' | 'data'>>): Promise<void> {
    let prev: string | null = null;
    const entries = items.map((item, i) => {
      const unhashed = { seq: i + 1, at: new Date(Date.now() - (items.length - i) * 1000).toISOString(), mono: i * 1000, type: item.type, data: item.data, prev };
      const hash = createHash('sha256').update(journalHashInput(unhashed)).digest('hex');
      prev = hash;
      return { ...unhashed, hash };
    });
    const res = await fetch(api(`/api/v1/attempts/${who.attemptId}/events`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` },
      body: JSON.stringify({ entries }),
    });
    expect(res.status).toBe(200);
    shipped.set(who.attemptId, entries.length);
  }

  const rowOf = (candidateId: string) => page.locator(`[data-testid="attempt-row"][data-candidate-id="${candidateId}"]`);
  const rowOfFacts = (testId: string) => page.getByTestId('attempt-facts').getByTestId(testId).textContent();
  const order = () => page.locator('[data-testid="attempt-row"]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.candidateId));

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-dashboard-'));
    const passwordFile = join(tmp, 'proctor-password');
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    hub = await startCliServer(['hub', '--exam', demoExamDir, '--data', join(tmp, 'hub'), '--access-code', ACCESS_CODE, '--proctor-password-file', passwordFile]);
    // Ana, the proctor who logs in by name below (the first admin, `admin`, has the file's password too).
    const added = await runCli(['hub', 'user', 'add', 'Ana', '--role', 'proctor', '--data', join(tmp, 'hub'), '--password-file', passwordFile]);
    if (added.code !== 0) throw new Error(`vigil hub user add: ${added.stderr}`);
    browser = await chromium.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
  });

  afterAll(async () => {
    if (beating) clearInterval(beating);
    await browser?.close();
    await hub?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('asks for the proctor password, says when it is wrong, and shows the empty grid once logged in', async () => {
    await page.goto(api('/dashboard/'));
    await page.getByLabel('Proctor password').waitFor({ timeout: 15_000 });
    await expectAxeClean(page, 'login');

    await page.getByLabel('Proctor password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/Wrong password/);
    await expectAxeClean(page, 'login with an error');

    await page.getByLabel('Your name').fill('Ana');
    await page.getByLabel('Proctor password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('grid-empty').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('feed-status').getAttribute('data-status')).toBe('live');
    await expectAxeClean(page, 'empty grid');

    // The session survives a reload of the tab.
    await page.reload();
    await page.getByTestId('grid-empty').waitFor({ timeout: 15_000 });
  });

  it('shows enrolled candidates live, with state, progress, time left and heartbeat age', async () => {
    ada = await enroll('c-ada', 'Ada Lovelace');
    brian = await enroll('c-brian', 'Brian Kernighan');
    await shipEvents(ada, [
      { type: 'state', data: { from: 'checked-in', to: 'preflight', reason: 'check-in' } },
      { type: 'violation', data: { kind: 'focus-loss', severity: 'warning', detail: 'the exam window lost focus for 4 s' } },
      {
        type: 'terminal',
        data: {
          itemId: 'sum-function',
          session: 1,
          cast: [JSON.stringify({ version: 2, width: 60, height: 8 }), JSON.stringify([0.1, 'o', '$ npm test\r\n']), JSON.stringify([0.3, 'o', 'tests passed: 3\r\n$ '])].join('\n'),
        },
      },
      { type: 'violation', data: { kind: 'display-added', severity: 'critical', detail: 'a second display was connected (2 > 1)' } },
    ]);
    adaReplies.push(await heartbeat(ada, 2));
    await heartbeat(brian, 3);
    // Ada's laptop keeps beating; Brian's goes quiet.
    beating = setInterval(() => {
      void heartbeat(ada, 2).then((reply) => adaReplies.push(reply));
    }, 1_000);

    await rowOf('c-ada').waitFor({ timeout: 10_000 });
    await rowOf('c-brian').waitFor({ timeout: 10_000 });
    for (const [id, answered] of [
      ['c-ada', 2],
      ['c-brian', 3],
    ] as const) {
      const row = rowOf(id);
      await expect.poll(() => row.getByTestId('state').getAttribute('data-state')).toBe('in-progress');
      expect(await row.getByTestId('progress').textContent()).toBe(`${answered} / 7`);
      const remaining = Number(await row.getByTestId('time-left').getAttribute('data-remaining-ms'));
      expect(remaining).toBeLessThanOrEqual(600_000);
      expect(remaining).toBeGreaterThan(500_000);
      expect(await row.getByTestId('time-left').textContent()).toMatch(/^\d{1,2}:\d\d/);
    }
    // Without heartbeats Brian's row turns amber, then worse; Ada's stays OK.
    await expect.poll(() => rowOf('c-brian').getByTestId('heartbeat').getAttribute('data-level'), { timeout: 20_000 }).toMatch(/late|stale|lost/);
    expect(await rowOf('c-brian').getByTestId('heartbeat').textContent()).toMatch(/Late|Missing|Lost/);
    expect(await rowOf('c-ada').getByTestId('heartbeat').getAttribute('data-level')).toBe('ok');
    await expectAxeClean(page, 'grid with attempts');

    await page.getByTestId('contrast-toggle').click();
    await expectAxeClean(page, 'grid, high contrast');
    await page.getByTestId('contrast-toggle').click();
  });

  it('filters and sorts the grid', async () => {
    expect(await order()).toEqual(['c-ada', 'c-brian']);
    await page.getByTestId('sort-candidate').click();
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Candidate');
    expect(await order()).toEqual(['c-brian', 'c-ada']);
    await page.getByTestId('sort-progress').click();
    expect(await order()).toEqual(['c-ada', 'c-brian']);
    await page.getByTestId('filter-text').fill('brian');
    expect(await order()).toEqual(['c-brian']);
    await page.getByTestId('filter-text').fill('');
    await page.getByTestId('filter-state').selectOption('paused');
    expect(await order()).toEqual([]);
    await page.getByTestId('filter-state').selectOption('all');
    expect(await order()).toHaveLength(2);
  });

  it('sends add-time from the attempt page, after a confirmation, and the candidate’s heartbeat reply carries it', async () => {
    await rowOf('c-ada').getByRole('link', { name: 'Ada Lovelace' }).click();
    await page.locator('[data-screen="attempt"]').waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Ada Lovelace');
    await page.getByTestId('essay').waitFor({ timeout: 10_000 });
    expect(await rowOfFacts('violations')).toContain('1 critical');
    expect(await page.getByTestId('violation-table').locator('tbody tr').count()).toBe(2);
    await page.getByTestId('timeline-filter').selectOption('violation');
    expect(await page.getByTestId('timeline').locator('li').count()).toBe(2);
    await page.getByTestId('timeline-filter').selectOption('all');
    expect(await page.getByTestId('timeline').locator('li').count()).toBe(4);

    // The terminal recording that reached the hub replays in the browser.
    await page.getByTestId('replay-item').filter({ hasText: /sum-function: 1 terminal session/ }).click();
    await page.getByTestId('cast-play').click();
    await expect.poll(() => page.getByTestId('cast-player').locator('.xterm-rows').textContent(), { timeout: 10_000 }).toContain('tests passed: 3');
    await expectAxeClean(page, 'attempt page with a terminal replay');

    await page.getByTestId('command-add-time').click();
    const dialog = page.getByTestId('command-dialog');
    await dialog.waitFor();
    await expectAxeClean(page, 'add-time dialog');
    await dialog.getByLabel('Minutes to add').fill('5');
    await dialog.getByTestId('command-confirm').click();
    await expect.poll(() => page.getByTestId('command-sent').textContent()).toContain('Sent: add 5 min');
    expect(await dialog.count()).toBe(0);

    await expect
      .poll(() => adaReplies.flatMap((r) => r.commands).find((c) => c.type === 'add-time'), { timeout: 10_000 })
      .toMatchObject({ type: 'add-time', minutes: 5, issuedBy: 'Ana' });
    // Brian's laptop gets nothing.
    expect((await heartbeat(brian, 3)).commands).toEqual([]);
    await expect.poll(() => page.getByTestId('command-log').textContent()).toContain('add 5 min');
  });

  it('keeps the grid current by polling when the live channel is unavailable', async () => {
    // A second proctor whose network refuses WebSockets (a proxy, say): the hub's socket is never reached.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const other = await context.newPage();
      await other.routeWebSocket(/\/api\/v1\/proctor\/live/, (ws) => ws.close({ code: 1011, reason: 'blocked by the test' }));
      await other.goto(api('/dashboard/'));
      await other.getByLabel('Proctor password').fill(PASSWORD);
      await other.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => other.getByTestId('feed-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('polling');
      const brianRow = other.locator('[data-testid="attempt-row"][data-candidate-id="c-brian"]');
      await brianRow.waitFor({ timeout: 10_000 });
      await heartbeat(brian, 6);
      await expect.poll(() => brianRow.getByTestId('progress').textContent(), { timeout: 10_000 }).toBe('6 / 7');
    } finally {
      await context.close();
    }
  });

  it('downloads the results as CSV', async () => {
    await page.getByRole('link', { name: 'All candidates' }).click();
    await page.locator('[data-screen="grid"]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^results-.*\.csv$/);
    const csv = await readFile((await download.path()) as string, 'utf8');
    expect(csv).toContain('c-ada');
    expect(csv).toContain('c-brian');
  });

  it('flags a refused check-in from another device on the grid and the attempt page, and lets the proctor allow it', async () => {
    const next = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
    const tryEnroll = () =>
      fetch(api('/api/v1/enroll'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accessCode: ACCESS_CODE, candidateId: 'c-brian', candidateName: 'Brian Kernighan', devicePublicKey: next, deviceInfo: { os: 'linux', hostname: 'room-b-pc-12' } }),
      });
    const refused = await tryEnroll();
    expect(refused.status).toBe(409);
    await rowOf('c-brian').getByTestId('reenroll-flag').waitFor({ timeout: 10_000 });
    expect(await rowOf('c-ada').getByTestId('reenroll-flag').count()).toBe(0);

    await rowOf('c-brian').getByRole('link').first().click();
    const panel = page.getByTestId('reenroll');
    await panel.waitFor();
    expect(await panel.getByTestId('reenroll-request').textContent()).toContain('room-b-pc-12');
    await expectAxeClean(page, 'attempt page with a re-enrollment request');
    await mkdir(SHOTS, { recursive: true });
    for (const [width, height] of [[1366, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `hub-reenroll-${width}x${height}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    await panel.getByRole('button', { name: 'Allow new device' }).click();
    await expect.poll(() => panel.getByTestId('reenroll-allowed').textContent(), { timeout: 10_000 }).toContain('may check in until');
    const allowed = await tryEnroll();
    expect(allowed.status).toBe(201);
    // The replaced attempt's token no longer works.
    const old = await fetch(api(`/api/v1/attempts/${brian.attemptId}/heartbeats`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${brian.token}` },
      body: JSON.stringify({ state: 'in-progress', answered: 6, remainingMs: 600_000, lastSavedAt: null, journalSeq: shipped.get(brian.attemptId) ?? 0 }),
    });
    expect(old.status).toBe(401);
  });
});
