/**
 * Accessibility of the candidate app in Chromium against the headless host: axe-core on every
 * screen and overlay the host can produce (zero violations), in the default and high-contrast
 * themes, and the layout at 200% root font size (no horizontal overflow of the main content).
 * Pause, lock and proctor messages come from the hub, which the headless host does not have: their
 * overlays are checked by pushing the engine's events through the host's event bus.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../electron/host/startHost.js';
import type { AttemptView } from '../../shared/attemptView.js';
import { demoExamDir, repoRoot } from '../support/paths.js';
import { CHROMIUM_FLAGS, requireChromium } from './harness.js';

const SHOTS = join(repoRoot, 'test-results', 'screenshots');

interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/** Runs axe on the page and returns the violations in a readable form (empty when clean). */
async function axe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return (results.violations as Violation[]).map(
    (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n  ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n  ')}`,
  );
}

async function expectClean(page: Page, screen: string): Promise<void> {
  const violations = await axe(page);
  expect(violations, `axe violations on ${screen}`).toEqual([]);
}

/** True when the page or its main landmark scrolls sideways (what breaks at large font sizes). */
async function overflowsHorizontally(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`document ${doc.scrollWidth} > ${doc.clientWidth}`);
    const main = document.querySelector('main');
    if (main && main.scrollWidth > main.clientWidth + 1) problems.push(`main ${main.scrollWidth} > ${main.clientWidth}`);
    return problems;
  });
}

async function atFontScale<T>(page: Page, percent: number, run: () => Promise<T>): Promise<T> {
  await page.evaluate((p) => {
    document.documentElement.style.fontSize = `${p}%`;
  }, percent);
  try {
    return await run();
  } finally {
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '';
    });
  }
}

/** An exam package copied from the demo with other timing: a few seconds long, to reach time-up. */
async function tinyExam(dir: string): Promise<string> {
  const examDir = join(dir, 'exam');
  await cp(demoExamDir, examDir, { recursive: true });
  const exam = JSON.parse(await readFile(join(examDir, 'exam.json'), 'utf8')) as { timing: Record<string, unknown>; $schema?: string };
  delete exam.$schema;
  // 12 s long, warning with 9 s left: time enough to check the warning before the time is up.
  exam.timing = { durationMinutes: 0.2, clock: 'active', warnAtMinutes: [0.15] };
  await writeFile(join(examDir, 'exam.json'), JSON.stringify(exam, null, 2));
  return examDir;
}

/** The attempt as the engine sees it, asked over the host's own WebSocket API. */
async function currentAttempt(url: string): Promise<AttemptView> {
  const origin = url.replace(/\/$/, '');
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/ws`, { origin });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const reply = new Promise<AttemptView>((resolve, reject) => {
      ws.on('message', (raw) => {
        const msg = JSON.parse(String(raw)) as { id?: number; result?: AttemptView; error?: { message: string } };
        if (msg.id !== 1) return; // events (timer ticks) arrive on the same socket
        if (msg.result) resolve(msg.result);
        else reject(new Error(msg.error?.message ?? 'getAttempt failed'));
      });
    });
    ws.send(JSON.stringify({ id: 1, method: 'getAttempt', params: {} }));
    return await reply;
  } finally {
    ws.close();
  }
}

async function checkIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Candidate id').fill('a11y-1');
  await page.getByLabel('Full name').fill('Alex Example');
  await page.getByRole('button', { name: 'Check in' }).click();
  await page.locator('[data-screen="preflight"] .checks').waitFor({ timeout: 15_000 });
}

describe('accessibility of the candidate app', () => {
  let browser: Browser;
  let page: Page;
  let host: RunningHost;
  let dataDir: string;
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-a11y-'));
    dataDir = join(tmp, 'data');
    host = await startHost({ examDir: demoExamDir, dataDir });
    browser = await chromium.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_FLAGS });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('has no violations on check-in, with its errors, and on pre-flight and instructions', async () => {
    await page.goto(host.url);
    await page.getByLabel('Candidate id').waitFor({ timeout: 15_000 });
    await expectClean(page, 'check-in');
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByText('Enter your candidate id.').waitFor();
    await expectClean(page, 'check-in with errors');
    expect(await atFontScale(page, 200, () => overflowsHorizontally(page))).toEqual([]);

    await page.getByLabel('Candidate id').fill('a11y-1');
    await page.getByLabel('Full name').fill('Alex Example');
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.locator('[data-screen="preflight"] .checks').waitFor({ timeout: 15_000 });
    await expectClean(page, 'preflight');

    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.locator('[data-screen="instructions"]').waitFor();
    await expectClean(page, 'instructions');
    await page.getByTestId('start').click();
    await page.locator('[data-screen="question"]').waitFor();
  });

  it('has no violations on any question, the help and the review, in both themes and at 200% font size', async () => {
    const visit = async (label: string) => {
      await expectClean(page, label);
      const overflow = await atFontScale(page, 200, () => overflowsHorizontally(page));
      expect(overflow, `horizontal overflow at 200% on ${label}`).toEqual([]);
    };
    for (let n = 1; n <= 7; n++) {
      await page.locator('#question-title', { hasText: `Question ${n} of 7` }).waitFor();
      const type = await page.locator('[data-screen="question"]').getAttribute('class');
      if (type?.includes('question--sql')) {
        await page.locator('.cm-content').click();
        await page.keyboard.type('SELECT c.id, c.name, c.country, COUNT(o.id) AS orders, SUM(o.total_cents) AS total FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id');
        await page.getByTestId('run-query').click();
        await page.getByTestId('sql-result').waitFor({ timeout: 15_000 });
        await visit('sql with a result table');
        await page.locator('.cm-content').click();
        await page.keyboard.press('Control+A');
        await page.keyboard.type('SELECT nope FROM nowhere');
        await page.getByTestId('run-query').click();
        await page.getByTestId('sql-error').waitFor({ timeout: 15_000 });
        await expectClean(page, 'sql with an error');
      } else if (type?.includes('question--numeric')) {
        await page.getByLabel(/Your answer/).fill('12,5');
        await page.getByTestId('numeric-error').getByText('Not saved').waitFor();
        await visit('numeric with an error');
      } else {
        await visit(`question ${n} (${type ?? ''})`);
      }
      if (n === 3) {
        await page.getByTestId('flag').click();
        await expectClean(page, 'flagged question');
      }
      await page.getByRole('button', { name: n === 7 ? 'Review answers' : 'Next' }).click();
    }

    await page.locator('[data-screen="review"]').waitFor();
    await visit('review');

    await page.getByRole('button', { name: 'Keyboard help' }).click();
    await page.getByTestId('help-overlay').waitFor();
    await expectClean(page, 'help overlay');
    await page.keyboard.press('Escape');

    await page.getByTestId('contrast-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.contrast)).toBe('more');
    await expectClean(page, 'review, high contrast');
    await page.getByRole('link', { name: /Question 3/ }).first().click();
    await expectClean(page, 'question, high contrast');
    await page.screenshot({ path: join(SHOTS, 'question-high-contrast.png') });
    // The choice survives a reload (localStorage).
    await page.reload();
    await page.locator('[data-screen="question"]').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.documentElement.dataset.contrast)).toBe('more');
    expect(await page.getByTestId('contrast-toggle').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('contrast-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset.contrast)).toBe('normal');
  });

  it('has no violations in the pause, lock and proctor-message overlays (pushed through the host’s event bus)', async () => {
    // Without a hub nothing pauses or locks an attempt; the overlays follow the engine's events, so
    // the test pushes those events itself, then restores the real view.
    const real = await currentAttempt(host.url);
    expect(real.state).toBe('in-progress');
    host.bus.emit('attemptChanged', { ...real, state: 'paused' });
    await page.getByTestId('paused-overlay').waitFor();
    await expectClean(page, 'paused overlay');
    await page.screenshot({ path: join(SHOTS, 'overlay-paused.png') });
    host.bus.emit('attemptChanged', { ...real, state: 'locked', lockMessage: 'Please put your phone away and look at the camera.' });
    await page.getByTestId('locked-overlay').getByText('Please put your phone away').waitFor();
    await expectClean(page, 'locked overlay');
    await page.screenshot({ path: join(SHOTS, 'overlay-locked.png') });
    host.bus.emit('attemptChanged', real);
    await expect.poll(() => page.getByTestId('locked-overlay').count()).toBe(0);

    host.bus.emit('notice', { level: 'warning', text: 'Ten minutes left for everyone in room B.' });
    await page.getByTestId('notice-overlay').waitFor();
    await expectClean(page, 'proctor message');
    await page.screenshot({ path: join(SHOTS, 'overlay-notice.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('notice-overlay').count()).toBe(0);
  });

  it('has no violations in the submit confirmation and on the done screen', async () => {
    await page.getByRole('button', { name: 'Review and submit' }).click();
    await page.getByTestId('submit').click();
    await page.getByTestId('confirm-submit').waitFor();
    await expectClean(page, 'submit confirmation');
    await page.getByTestId('confirm-submit').getByRole('button', { name: 'Submit', exact: true }).click();
    await page.locator('[data-screen="done"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('score').waitFor({ timeout: 20_000 });
    await expectClean(page, 'done');
    expect(await atFontScale(page, 200, () => overflowsHorizontally(page))).toEqual([]);
    await page.getByTestId('contrast-toggle').click();
    await expectClean(page, 'done, high contrast');
    await page.getByTestId('contrast-toggle').click();
  });

  it('announces the timer warning and shows the time-up overlay without violations', async () => {
    const examDir = await tinyExam(tmp);
    const shortHost = await startHost({ examDir, dataDir: join(tmp, 'data-short') });
    const shortPage = await page.context().newPage();
    try {
      await checkIn(shortPage, shortHost.url);
      await shortPage.getByRole('button', { name: 'Continue', exact: true }).click();
      await shortPage.getByTestId('start').click();
      await shortPage.locator('[data-screen="question"]').waitFor();
      // The live region speaks, the toast shows.
      await expect.poll(() => shortPage.getByTestId('timer-announcer').textContent(), { timeout: 10_000 }).toMatch(/Time warning: \d+ seconds left/);
      await shortPage.getByTestId('timer-warning').waitFor();
      await expectClean(shortPage, 'timer warning');
      await shortPage.screenshot({ path: join(SHOTS, 'timer-warning.png') });

      await shortPage.getByTestId('timeup-overlay').waitFor({ timeout: 15_000 });
      await expectClean(shortPage, 'time-up overlay');
      await shortPage.screenshot({ path: join(SHOTS, 'overlay-time-up.png') });
      await shortPage.getByRole('button', { name: 'See your submission' }).click();
      await shortPage.locator('[data-screen="done"]').waitFor();
      expect(await shortPage.locator('main').textContent()).toContain('The time ran out');
    } finally {
      await shortPage.close();
      await shortHost.close();
    }
  });

  it('shows a calm offline banner, without violations, when the host goes away mid-exam', async () => {
    const offlineHost = await startHost({ examDir: demoExamDir, dataDir: join(tmp, 'data-offline') });
    // Its own browser context: closing it drops the page's reconnect attempts, which would
    // otherwise hold the closing host's HTTP server open.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const offlinePage = await context.newPage();
    let closing: Promise<void> | null = null;
    try {
      await checkIn(offlinePage, offlineHost.url);
      await offlinePage.getByRole('button', { name: 'Continue', exact: true }).click();
      await offlinePage.getByTestId('start').click();
      await offlinePage.locator('[data-screen="question"]').waitFor();
      closing = offlineHost.close();
      await offlinePage.getByTestId('offline-banner').waitFor({ timeout: 15_000 });
      // An answer given meanwhile is kept and pending, not an error.
      await offlinePage.getByRole('radio', { name: '400 Bad Request' }).check();
      await expect.poll(() => offlinePage.getByTestId('save-status').getAttribute('data-status')).toBe('saving');
      expect(await offlinePage.getByRole('alert').count()).toBe(0);
      await expectClean(offlinePage, 'offline banner');
      await offlinePage.screenshot({ path: join(SHOTS, 'overlay-offline.png') });
    } finally {
      await context.close();
      await (closing ?? offlineHost.close());
    }
  });
});
