/**
 * Proctor and candidates end to end, each side the real thing: a `vigil hub` serving the dashboard,
 * two candidates each on their own `vigil serve --hub` (own data folder, own browser context) with
 * a proctored copy of the demo exam (the delivery package; the hub holds the grading package).
 * From the dashboard the proctor adds time (the candidate's timer grows), locks and unlocks a
 * candidate (the lock overlay comes and goes), sends a message (shown), force-submits the other;
 * the candidate who submits shows up as submitted and graded on the dashboard.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCliServer } from '../support/cliProcess.js';
import { packProctoredDemo } from '../support/proctoredDemo.js';
import { CHROMIUM_FLAGS, requireChromium } from './harness.js';

const ACCESS_CODE = 'ROOM42';
const PASSWORD = 'proctoring e2e password';
const ESSAY = 'Not on a tiny table, nor on a low-selectivity flag column: every index also costs writes and disk space.';

type Server = Awaited<ReturnType<typeof startCliServer>>;

interface Candidate {
  id: string;
  name: string;
  server: Server;
  page: Page;
}

describe('proctoring from the dashboard, end to end', () => {
  let tmp: string;
  let hub: Server;
  let browser: Browser;
  let dashboard: Page;
  const candidates: Candidate[] = [];

  const row = (candidateId: string) => dashboard.locator(`[data-testid="attempt-row"][data-candidate-id="${candidateId}"]`);
  const remainingMs = async (page: Page) => Number(await page.getByTestId('timer').getAttribute('data-remaining-ms'));

  async function openAttempt(candidate: Candidate): Promise<void> {
    if ((await dashboard.locator('[data-screen="attempt"]').count()) > 0) await dashboard.getByRole('link', { name: 'All candidates' }).click();
    await row(candidate.id).getByRole('link', { name: candidate.name }).click();
    await expect.poll(() => dashboard.getByRole('heading', { level: 1 }).textContent()).toContain(candidate.name);
  }

  async function command(testId: string, fill?: (dialog: ReturnType<Page['getByTestId']>) => Promise<void>): Promise<void> {
    await dashboard.getByTestId(testId).click();
    const dialog = dashboard.getByTestId('command-dialog');
    await dialog.waitFor();
    await fill?.(dialog);
    await dialog.getByTestId('command-confirm').click();
    await expect.poll(() => dialog.count()).toBe(0);
  }

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-proctoring-'));
    // Containers look like VMs and may have remote sessions: report, do not block, here.
    const packed = await packProctoredDemo(tmp, { remoteSession: 'report', virtualMachine: 'report' });
    const passwordFile = join(tmp, 'proctor-password');
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    hub = await startCliServer(['hub', '--exam', packed.grading, '--data', join(tmp, 'hub'), '--access-code', ACCESS_CODE, '--proctor-password-file', passwordFile]);
    // Ana, the proctor who logs in by name (the first admin, `admin`, has the file's password too).
    const added = await runCli(['hub', 'user', 'add', 'Ana', '--role', 'admin', '--data', join(tmp, 'hub'), '--password-file', passwordFile]);
    if (added.code !== 0) throw new Error(`vigil hub user add: ${added.stderr}`);
    browser = await chromium.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_FLAGS });

    for (const [id, name] of [
      ['c-ada', 'Ada Lovelace'],
      ['c-brian', 'Brian Kernighan'],
    ] as const) {
      const server = await startCliServer(['serve', '--exam', packed.delivery, '--data', join(tmp, id), '--hub', hub.url, '--allow-plaintext-device-key']);
      // Each candidate its own context: nothing shared, as on two laptops.
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      candidates.push({ id, name, server, page });
    }
    dashboard = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    for (const c of candidates) await c.server.stop();
    await hub?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('both candidates check in with the access code and start; the dashboard shows them live', async () => {
    await dashboard.goto(new URL('/dashboard/', hub.url).toString());
    await dashboard.getByLabel('Your name').fill('Ana');
    await dashboard.getByLabel('Proctor password').fill(PASSWORD);
    await dashboard.getByRole('button', { name: 'Log in' }).click();
    await dashboard.getByTestId('attempt-grid').waitFor({ timeout: 15_000 });

    for (const c of candidates) {
      await c.page.goto(c.server.url);
      await c.page.getByLabel('Candidate id').fill(c.id);
      await c.page.getByLabel('Full name').fill(c.name);
      await c.page.getByLabel('Access code').fill(ACCESS_CODE);
      await c.page.getByRole('button', { name: 'Check in' }).click();
      await c.page.locator('[data-screen="preflight"] .checks').waitFor({ timeout: 20_000 });
      await c.page.getByRole('button', { name: 'Continue', exact: true }).click();
      await c.page.locator('[data-screen="instructions"]').waitFor({ timeout: 15_000 });
      await c.page.getByTestId('start').click();
      await c.page.locator('[data-screen="question"]').waitFor({ timeout: 15_000 });
    }
    for (const c of candidates) {
      await expect.poll(() => row(c.id).getByTestId('state').getAttribute('data-state').catch(() => null), { timeout: 20_000 }).toBe('in-progress');
      expect(await row(c.id).getByTestId('heartbeat').getAttribute('data-level')).toBe('ok');
    }
  });

  it('adds 5 minutes: the candidate’s timer grows', async () => {
    const ada = candidates[0]!;
    const before = await remainingMs(ada.page);
    await openAttempt(ada);
    await command('command-add-time', (d) => d.getByLabel('Minutes to add').fill('5'));
    await expect.poll(() => remainingMs(ada.page), { timeout: 15_000 }).toBeGreaterThan(before + 4 * 60_000);
    const notice = ada.page.getByTestId('notice-overlay');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Your proctor added 5 minutes');
    await ada.page.keyboard.press('Escape');
    await expect.poll(() => notice.count()).toBe(0);
    await expect.poll(() => dashboard.getByTestId('command-log').locator('[data-acked="true"]').count(), { timeout: 15_000 }).toBe(1);
  });

  it('locks the candidate, who sees the lock overlay with the message, then unlocks', async () => {
    const ada = candidates[0]!;
    await command('command-lock', (d) => d.getByLabel(/Message on the lock screen/).fill('Please come to the front desk.'));
    const overlay = ada.page.getByTestId('locked-overlay');
    await overlay.waitFor({ timeout: 15_000 });
    expect(await overlay.textContent()).toContain('Please come to the front desk.');
    await expect.poll(() => dashboard.getByTestId('attempt-facts').getByTestId('state').getAttribute('data-state'), { timeout: 15_000 }).toBe('locked');

    await command('command-unlock');
    await expect.poll(() => overlay.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => dashboard.getByTestId('attempt-facts').getByTestId('state').getAttribute('data-state'), { timeout: 15_000 }).toBe('in-progress');
  });

  it('sends a message, which the other candidate sees', async () => {
    const brian = candidates[1]!;
    await openAttempt(brian);
    await command('command-message', (d) => d.getByLabel('Message').fill('Ten minutes left for everyone.'));
    const notice = brian.page.getByTestId('notice-overlay');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toContain('Ten minutes left for everyone.');
    await brian.page.keyboard.press('Escape');
  });

  it('shows a candidate who submits, and one the proctor force-submits, as submitted and graded', async () => {
    const [ada, brian] = candidates as [Candidate, Candidate];
    await ada.page.getByRole('radio', { name: '400 Bad Request' }).check();
    await ada.page.getByRole('button', { name: 'Review and submit' }).click();
    await ada.page.getByRole('list', { name: 'Unanswered' }).getByRole('link', { name: /Essay/ }).click();
    await ada.page.getByLabel('Your answer').fill(ESSAY);
    await expect.poll(() => ada.page.getByTestId('save-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');
    await ada.page.getByRole('button', { name: 'Review and submit' }).click();
    await ada.page.getByTestId('submit').click();
    await ada.page.getByTestId('confirm-submit').getByRole('button', { name: 'Submit', exact: true }).click();
    await ada.page.locator('[data-screen="done"]').waitFor({ timeout: 20_000 });

    await command('command-force-submit');
    await brian.page.locator('[data-screen="done"]').waitFor({ timeout: 20_000 });

    await dashboard.getByRole('link', { name: 'All candidates' }).click();
    for (const c of candidates) {
      await expect.poll(() => row(c.id).getByTestId('result').getAttribute('data-status').catch(() => null), { timeout: 30_000 }).toBe('graded');
      expect(['sealed', 'synced']).toContain(await row(c.id).getByTestId('state').getAttribute('data-state'));
      expect(await row(c.id).getByTestId('heartbeat').getAttribute('data-level')).toBe('done');
    }
    expect(await row(ada.id).getByTestId('result').textContent()).toMatch(/Graded [\d.]+ \/ [\d.]+ · 1 essay to grade/);
  });

  it('grades the essay against its rubric, and the total updates', async () => {
    const ada = candidates[0]!;
    await openAttempt(ada);
    const essay = dashboard.locator('[data-testid="essay"][data-item-id="explain-index"]');
    await essay.waitFor({ timeout: 15_000 });
    expect(await essay.textContent()).toContain(ESSAY);
    const total = async () => Number(/Total: ([\d.]+) of/.exec((await dashboard.getByTestId('graded-total').textContent()) ?? '')?.[1]);
    const before = await total();
    await essay.getByRole('checkbox', { name: /write and storage cost/ }).check();
    await essay.getByRole('checkbox', { name: /low selectivity/ }).check();
    await essay.getByTestId('save-grade').click();
    await expect.poll(() => essay.getByTestId('essay-score').textContent(), { timeout: 10_000 }).toContain('Score: 2 / 2');
    await expect.poll(total).toBe(before + 2);
    await dashboard.getByRole('link', { name: 'All candidates' }).click();
    await expect.poll(() => row(ada.id).getByTestId('result').textContent(), { timeout: 10_000 }).not.toContain('essay to grade');
  });
});
