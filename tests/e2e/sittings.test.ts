/**
 * The Sittings screen in Chromium against a real `vigil hub` (issue 19): an admin adds a sitting
 * with the keyboard-reachable form, sees the hub's refusal at the field it names, closes a sitting
 * after confirming, and a candidate can then no longer enroll with its code; a viewer sees the list
 * without the controls. axe-clean. Screenshots at 1366x768 and 1920x1080 to test-results/screenshots
 * (docs/screenshots with VIGIL_SCREENSHOTS=docs).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sittingListReplySchema } from '../../shared/hub/sittings.js';
import { runCli, startCliServer } from '../support/cliProcess.js';
import { demoExamDir, repoRoot } from '../support/paths.js';
import { enrollBody, makeDevice } from '../unit/electron/hub/support/hubFixture.js';
import { expectAxeClean } from './axe.js';
import { CHROMIUM_FLAGS, requireChromium } from './harness.js';

const SHOTS = process.env.VIGIL_SCREENSHOTS === 'docs' ? join(repoRoot, 'docs', 'screenshots') : join(repoRoot, 'test-results', 'screenshots');
const PASSWORD = 'sittings e2e password';

describe('the Sittings screen served by vigil hub', () => {
  let dir: string;
  let hub: { url: string; stop(): Promise<number | null> };
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-sittings-e2e-'));
    const data = join(dir, 'hub');
    const passwordFile = join(dir, 'password');
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    hub = await startCliServer(['hub', '--exam', demoExamDir, '--data', data, '--access-code', 'MAIN-ROOM', '--proctor-password-file', passwordFile]);
    for (const [name, role] of [
      ['Hana', 'admin'],
      ['Vic', 'viewer'],
    ] as const) {
      const added = await runCli(['hub', 'user', 'add', name, '--role', role, '--data', data, '--password-file', passwordFile]);
      if (added.code !== 0) throw new Error(`vigil hub user add ${name}: ${added.stderr}`);
    }
    const added = await runCli(['hub', 'sitting', 'add', '--data', data, '--exam', demoExamDir, '--name', 'Room A, 2 Dec', '--access-code', 'ROOM-A', '--opens', '2026-12-02T08:00:00Z', '--closes', '2026-12-02T12:00:00Z']);
    if (added.code !== 0) throw new Error(`vigil hub sitting add: ${added.stderr}`);
    // Two candidates in the main room, so the attempts column has something to count.
    for (const id of ['c-1', 'c-2']) {
      const res = await fetch(new URL('/api/v1/enroll', hub.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(enrollBody(makeDevice(), id, { accessCode: 'MAIN-ROOM' })) });
      expect(res.status).toBe(201);
    }
    browser = await chromium.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_FLAGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function logIn(name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(new URL('/dashboard/', hub.url).toString());
    await page.getByLabel('Your name').fill(name);
    await page.getByLabel('Proctor password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('nav-sittings').click();
    await page.getByRole('heading', { name: 'Sittings', level: 1 }).waitFor();
    await page.getByTestId('sitting-row').first().waitFor();
    return page;
  }

  it('an admin adds a sitting (a refused code shown at its field), closes one after confirming; its code no longer enrolls', async () => {
    const page = await logIn('Hana');
    expect(await page.getByTestId('sitting-row').count()).toBe(2);

    // Keyboard only: the fields are labelled and in order.
    await page.getByLabel('Name', { exact: true }).fill('Room B, 3 Dec');
    await page.keyboard.press('Tab');
    await page.keyboard.type('b!');
    await page.getByTestId('sitting-create').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('sitting-accessCode-error').textContent()).toBe('Access code must be 4 to 64 letters, digits or dashes.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sitting-code');
    await page.getByLabel(/^Access code/).fill('room-b');
    await page.getByLabel(/^Opens/).fill('2026-12-03T09:00');
    await page.getByLabel(/^Closes/).fill('2026-12-03T08:00');
    await page.getByTestId('sitting-create').click();
    await expect.poll(() => page.getByTestId('sitting-closes-error').textContent()).toBe('Closes must be after opens.');
    await page.getByLabel(/^Closes/).fill('2026-12-03T13:00');
    await page.getByTestId('sitting-create').click();
    await page.getByText('Room B, 3 Dec added. Candidates enroll with access code ROOM-B.').waitFor();
    // The list is read again after the add.
    await expect.poll(() => page.getByTestId('sitting-row').count()).toBe(3);
    await expectAxeClean(page, 'the sittings page (admin)');

    await mkdir(SHOTS, { recursive: true });
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    const viewport = page.viewportSize();
    for (const [width, height] of [[1366, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(SHOTS, `hub-sittings-${width}x${height}.png`) });
    }
    if (viewport) await page.setViewportSize(viewport);

    await page.getByRole('button', { name: 'Close Room B, 3 Dec' }).click();
    await page.getByText('Close Room B, 3 Dec? Candidates can no longer enroll with its code.').waitFor();
    await expectAxeClean(page, 'the sittings page (confirming a close)');
    await page.keyboard.press('Enter');
    await page.getByText('Room B, 3 Dec is closed: candidates can no longer enroll with its code.').waitFor();

    const refused = await fetch(new URL('/api/v1/enroll', hub.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(enrollBody(makeDevice(), 'c-late', { accessCode: 'ROOM-B' })) });
    expect(refused.status).toBe(403);
    const login = (await (await fetch(new URL('/api/v1/proctor/login', hub.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: PASSWORD, name: 'Vic' }) })).json()) as { token: string };
    const sittings = sittingListReplySchema.parse(await (await fetch(new URL('/api/v1/proctor/sittings', hub.url), { headers: { authorization: `Bearer ${login.token}` } })).json());
    expect(sittings.map((s) => [s.name, s.closedAt !== null, s.attempts])).toEqual([
      [expect.stringMatching(/^Vigil Practice Exam/), false, 2],
      ['Room A, 2 Dec', false, 0],
      ['Room B, 3 Dec', true, 0],
    ]);
    await page.context().close();
  }, 120_000);

  it('a viewer sees the list without the form or the Close buttons', async () => {
    const page = await logIn('Vic');
    expect(await page.getByTestId('sitting-row').count()).toBe(3);
    expect(await page.getByTestId('sitting-form').count()).toBe(0);
    expect(await page.getByTestId('sitting-close').count()).toBe(0);
    await expectAxeClean(page, 'the sittings page (viewer)');
    await page.context().close();
  }, 120_000);
});
