import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliServer } from '../support/cliProcess.js';
import { demoExamDir, repoRoot } from '../support/paths.js';
import { CHROMIUM_FLAGS, launchApp, requireChromium, type LaunchedApp } from './harness.js';

describe('the app opens on the demo exam', () => {
  let app: LaunchedApp;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens on check-in, naming the demo exam, its length and size, loaded through the API', async () => {
    const heading = app.page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent(), { timeout: 15_000 }).toBe('Vigil Practice Exam');
    const facts = await app.page.getByRole('list', { name: 'About this exam' }).textContent();
    expect(facts).toContain('10 minutes');
    expect(facts).toContain('7 in 2 sections');
    expect(await app.page.getByLabel('Candidate id').isEnabled()).toBe(true);
    const dir = join(repoRoot, 'test-results', 'screenshots');
    await mkdir(dir, { recursive: true });
    await app.page.screenshot({ path: join(dir, `${app.kind}-first-screen.png`) });
  });
});

describe('`vigil serve` in Chromium', () => {
  it('serves a page that shows the demo exam title', async () => {
    const executablePath = requireChromium();
    const data = await mkdtemp(join(tmpdir(), 'vigil-serve-e2e-'));
    const server = await startCliServer(['serve', '--exam', demoExamDir, '--data', data]);
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 }).toBe('Vigil Practice Exam');
    } finally {
      await browser.close();
      await server.stop();
      await rm(data, { recursive: true, force: true });
    }
  });
});
