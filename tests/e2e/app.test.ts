import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type LaunchedApp } from './harness.js';
import { repoRoot } from '../support/paths.js';

describe('the app opens on the demo exam', () => {
  let app: LaunchedApp;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the demo exam title and its sections, loaded through the API', async () => {
    const heading = app.page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent(), { timeout: 15_000 }).toBe('Vigil Practice Exam');
    const sections = await app.page.locator('ol.sections > li').allTextContents();
    expect(sections.map((s) => s.split(' (')[0])).toEqual(['Basics', 'Hands on']);
    const dir = join(repoRoot, 'test-results', 'screenshots');
    await mkdir(dir, { recursive: true });
    await app.page.screenshot({ path: join(dir, `${app.kind}-first-screen.png`) });
  });
});
