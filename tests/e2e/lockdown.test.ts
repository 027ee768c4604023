/**
 * The page's guards in the real renderer, on a proctored exam under the `isolated` clipboard
 * policy: text copied outside the exam does not paste into an answer, text copied inside does,
 * the context menu is suppressed, and each refusal reaches the candidate's journal and the hub.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptDetail } from '../../shared/hub/proctor.js';
import { loadPackage } from '../../electron/core/package/loadPackage.js';
import { createHubServer, type RunningHub } from '../../electron/hub/createHubServer.js';
import { startHost, type RunningHost } from '../../electron/host/startHost.js';
import { packProctoredDemo } from '../support/proctoredDemo.js';
import { CHROMIUM_FLAGS, requireChromium } from './harness.js';

const PASSWORD = 'proctor-password';

describe('lockdown guards in the page', () => {
  let work: string;
  let hub: RunningHub;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'vigil-e2e-lockdown-'));
    const packed = await packProctoredDemo(work, { clipboard: 'isolated', remoteSession: 'report', virtualMachine: 'report' });
    hub = await createHubServer({ examDir: packed.grading, dataDir: join(work, 'hub'), accessCode: 'ROOM7', proctorPassword: PASSWORD, log: () => {} });
    const delivery = await loadPackage(packed.delivery);
    if (!delivery.ok) throw new Error('the delivery package must load');
    host = await startHost({ examDir: packed.delivery, pkg: delivery.pkg, dataDir: join(work, 'candidate'), hub: { url: hub.url } });
    browser = await chromium.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_FLAGS });
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url.slice(0, -1) });
    page = await context.newPage();
    await page.goto(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await hub?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('checks in with the access code and reaches the short-text question', async () => {
    await page.getByLabel('Candidate id').fill('cand-9');
    await page.getByLabel('Full name').fill('Alan Turing');
    await page.getByLabel('Access code').fill('ROOM7');
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByRole('button', { name: 'Continue', exact: true }).click({ timeout: 20_000 });
    await page.getByTestId('start').click();
    await page.locator('nav button[data-item-id="cache-header"]').click();
    await page.getByRole('textbox').first().waitFor();
  });

  it('refuses a paste of text copied outside the exam, and allows text copied inside it', async () => {
    const answer = page.getByRole('textbox').first();
    await page.evaluate(() => navigator.clipboard.writeText('copied in another app'));
    await answer.click();
    await page.keyboard.press('Control+V');
    expect(await answer.inputValue()).toBe('');

    // Copy inside the exam: the prompt's own text, selected and copied with the keyboard.
    await answer.fill('ETag');
    await answer.selectText();
    await page.keyboard.press('Control+C');
    await answer.fill('');
    await page.keyboard.press('Control+V');
    expect(await answer.inputValue()).toBe('ETag');
  });

  it('suppresses the context menu', async () => {
    const prevented = await page.evaluate(() => {
      const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true, button: 2 });
      return !document.querySelector('main')!.dispatchEvent(event);
    });
    expect(prevented).toBe(true);
  });

  it('journals both refusals on the candidate machine and shows them at the hub', async () => {
    const attemptsDir = join(work, 'candidate', 'attempts');
    const attemptId = host.core.attempts.getAttempt()!.attemptId;
    const journalKinds = async () =>
      (await readFile(join(attemptsDir, attemptId, 'journal.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; data: { kind?: string } })
        .filter((e) => e.type === 'violation')
        .map((e) => e.data.kind);
    await expect.poll(journalKinds, { timeout: 10_000 }).toEqual(expect.arrayContaining(['clipboard-blocked', 'context-menu-blocked']));

    const login = await fetch(new URL('/api/v1/proctor/login', hub.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const hubKinds = async () => {
      const res = await fetch(new URL(`/api/v1/proctor/attempts/${attemptId}`, hub.url), { headers: { authorization: `Bearer ${token}` } });
      return ((await res.json()) as AttemptDetail).violations.map((v) => v.kind);
    };
    await expect.poll(hubKinds, { timeout: 15_000 }).toEqual(expect.arrayContaining(['clipboard-blocked', 'context-menu-blocked']));
  });
});
