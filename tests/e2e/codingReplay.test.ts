/**
 * The hub replays a coding item's history (issue 18): a candidate on `vigil serve --hub` types in
 * the editor (saved by itself, journaled as edit entries) and in the terminal (recorded); on the
 * proctor's dashboard the item's replay shows both on one timeline, the seek bar goes to any
 * moment, and the end shows the final frame, with the edit in the editor pane.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCliServer } from '../support/cliProcess.js';
import { packProctoredDemo } from '../support/proctoredDemo.js';
import { expectAxeClean } from './axe.js';
import { CHROMIUM_FLAGS, requireChromium } from './harness.js';

const ACCESS_CODE = 'ROOM18';
const PASSWORD = 'replay e2e password';
const ITEM = 'sum-function';
const EDIT = '// replayed on the hub';

describe('the hub replays the editor beside the terminal', () => {
  let tmp: string;
  let hub: Awaited<ReturnType<typeof startCliServer>>;
  let candidateServer: Awaited<ReturnType<typeof startCliServer>>;
  let browser: Browser;
  let candidate: Page;
  let dashboard: Page;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-replay-'));
    const packed = await packProctoredDemo(tmp, { remoteSession: 'report', virtualMachine: 'report' });
    const passwordFile = join(tmp, 'proctor-password');
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    hub = await startCliServer(['hub', '--exam', packed.grading, '--data', join(tmp, 'hub'), '--access-code', ACCESS_CODE, '--proctor-password-file', passwordFile]);
    // Ana, the proctor who logs in by name (the first admin, `admin`, has the file's password too).
    const added = await runCli(['hub', 'user', 'add', 'Ana', '--role', 'admin', '--data', join(tmp, 'hub'), '--password-file', passwordFile]);
    if (added.code !== 0) throw new Error(`vigil hub user add: ${added.stderr}`);
    candidateServer = await startCliServer(['serve', '--exam', packed.delivery, '--data', join(tmp, 'cand'), '--hub', hub.url, '--allow-plaintext-device-key']);
    browser = await chromium.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_FLAGS });
    candidate = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    dashboard = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await candidateServer?.stop();
    await hub?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('shows the candidate’s edit in the replay’s editor at the end of the timeline, beside the terminal', async () => {
    await candidate.goto(candidateServer.url);
    await candidate.evaluate(() => localStorage.setItem('vigil:test-hooks', '1'));
    await candidate.reload();
    await candidate.getByLabel('Candidate id').fill('c-replay');
    await candidate.getByLabel('Full name').fill('Margaret Hamilton');
    await candidate.getByLabel('Access code').fill(ACCESS_CODE);
    await candidate.getByRole('button', { name: 'Check in' }).click();
    await candidate.locator('[data-screen="preflight"] .checks').waitFor({ timeout: 20_000 });
    await candidate.getByRole('button', { name: 'Continue', exact: true }).click();
    await candidate.getByTestId('start').click({ timeout: 15_000 });
    await candidate.locator(`nav button[data-item-id="${ITEM}"]`).click({ timeout: 15_000 });
    await candidate.locator('[data-testid="terminal-pane"][data-phase="running"]').waitFor({ timeout: 20_000 });
    await candidate.evaluate((id) => window.__vigilTerminals?.[id]?.type('echo terminal-$((40+2))\r'), ITEM);
    const editor = candidate.locator('[data-testid="code-editor"] .cm-content');
    await expect.poll(() => editor.innerText(), { timeout: 15_000 }).toContain('return 0;');
    await editor.click();
    await candidate.keyboard.press('Control+End');
    await candidate.keyboard.type(EDIT);
    await expect.poll(() => candidate.getByTestId('editor-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    await expect.poll(() => candidate.getByTestId('save-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');

    await dashboard.goto(new URL('/dashboard/', hub.url).toString());
    await dashboard.getByLabel('Your name').fill('Ana');
    await dashboard.getByLabel('Proctor password').fill(PASSWORD);
    await dashboard.getByRole('button', { name: 'Log in' }).click();
    const row = dashboard.locator('[data-testid="attempt-row"][data-candidate-id="c-replay"]');
    await row.waitFor({ timeout: 20_000 });
    // The journal reaches the hub as it is written; reload the attempt page until the edit is there.
    await expect
      .poll(
        async () => {
          await dashboard.goto(new URL('/dashboard/', hub.url).toString());
          await row.getByRole('link', { name: 'Margaret Hamilton' }).click();
          await dashboard.locator('[data-screen="attempt"]').waitFor();
          const item = dashboard.getByTestId('replay-item').filter({ hasText: ITEM });
          await item.waitFor({ timeout: 5_000 }).catch(() => undefined);
          return (await item.count()) > 0 ? ((await item.textContent()) ?? '') : '';
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toMatch(/1 terminal session, [1-9]\d* editor saves?/);
    await dashboard.getByTestId('replay-item').filter({ hasText: ITEM }).click();
    const seek = dashboard.getByTestId('replay-seek');
    await seek.focus();
    await dashboard.keyboard.press('Home');
    await expect.poll(() => dashboard.getByTestId('replay-editor-empty').count()).toBe(1);
    await dashboard.keyboard.press('End');
    await expect.poll(() => dashboard.getByTestId('replay-editor').textContent()).toContain(EDIT);
    await dashboard.getByTestId('cast-player').scrollIntoViewIfNeeded();
    await expect.poll(() => dashboard.getByTestId('cast-player').locator('.xterm-rows').textContent(), { timeout: 10_000 }).toContain('terminal-42');

    // Played through, it stops on the final frame: the edit and the terminal's last output stay.
    await dashboard.keyboard.press('Home');
    await dashboard.getByTestId('cast-play').click();
    await expect.poll(() => dashboard.getByTestId('cast-play').textContent(), { timeout: 60_000 }).toBe('Play again');
    expect(await dashboard.getByTestId('replay-editor').textContent()).toContain(EDIT);
    expect(await dashboard.getByTestId('cast-player').locator('.xterm-rows').textContent()).toContain('terminal-42');
    await dashboard.screenshot({ path: join(process.cwd(), 'docs', 'screenshots', 'hub-coding-replay.png'), fullPage: false });

    await expectAxeClean(dashboard, 'the replay player', '[data-testid="cast-player"]');
  });
});
