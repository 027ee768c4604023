/**
 * The language pick of a multi-language coding item (issue 16, point 6), in Chromium at 1366x768
 * and 1920x1080 on the three-language fixture: the choice comes first (nothing of the IDE before
 * it), the pick opens the IDE on that language's starter, survives a reload, and a switch asks
 * before it resets the workspace to the other language's starter. axe finds nothing on the choice.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.js';
import { expectAxeClean } from './axe.js';
import { launchApp, type LaunchedApp } from './harness.js';

const ITEM = 'sum-stdin';
const SHOTS = join(repoRoot, 'docs', 'screenshots');
const POLYGLOT = join(repoRoot, 'tests', 'fixtures', 'packages', 'polyglot');

const fileNames = (page: Page) => page.getByRole('tree', { name: 'Workspace files' }).getByRole('treeitem').evaluateAll((items) => items.map((i) => i.getAttribute('data-path')));

describe.each([
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
])('the language choice at $width x $height', ({ width, height }) => {
  let app: LaunchedApp;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    app = await launchApp({ examDir: POLYGLOT });
    page = app.page;
    await page.setViewportSize({ width, height });
    await page.getByLabel('Candidate id').fill('cand-16');
    await page.getByLabel('Full name').fill('Niklaus Wirth');
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByRole('button', { name: 'Continue', exact: true }).click({ timeout: 20_000 });
    await page.getByTestId('start').click({ timeout: 20_000 });
    await page.locator(`nav button[data-item-id="${ITEM}"]`).click({ timeout: 20_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('asks for the language first, with one button per installed language', async () => {
    const choice = page.getByTestId('language-choice');
    await choice.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('coding-workspace').count()).toBe(0);
    const group = page.getByRole('group', { name: 'Choose the language you will write this task in' });
    expect(await group.getByRole('button').allInnerTexts()).toEqual(['JavaScript (Node.js)', 'Python 3', 'Java 17']);
    await expectAxeClean(page, 'the language choice');
    await page.screenshot({ path: join(SHOTS, `language-choice-${width}x${height}.png`) });
  });

  it('opens the IDE on the picked language\'s starter, and keeps the pick across a reload', async () => {
    await page.getByRole('button', { name: 'Python 3' }).click();
    await page.getByTestId('coding-workspace').waitFor({ timeout: 20_000 });
    await expect.poll(() => fileNames(page), { timeout: 15_000 }).toEqual(['main.py']);
    // The task's python file opens, with the python starter's text.
    await expect.poll(() => page.locator('[data-testid="code-editor"] .cm-content').innerText(), { timeout: 15_000 }).toContain('not implemented');
    await page.reload();
    await page.getByTestId('coding-workspace').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('language-choice').count()).toBe(0);
    expect(await page.getByLabel('Language').inputValue()).toBe('python');
    await expect.poll(() => page.locator('[data-testid="code-editor"] .cm-content').innerText(), { timeout: 15_000 }).toContain('not implemented');
  });

  it('asks before a switch, then resets the workspace to the other starter', async () => {
    await page.getByLabel('Language').selectOption('node');
    const dialog = page.getByTestId('language-switch-confirm');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Switching resets your workspace to the JavaScript (Node.js) starter; your current files are discarded.');
    await page.screenshot({ path: join(SHOTS, `language-switch-${width}x${height}.png`) });
    await dialog.getByRole('button', { name: 'Switch to JavaScript (Node.js)' }).click();
    await expect.poll(() => fileNames(page), { timeout: 15_000 }).toEqual(['main.js']);
    expect(await page.getByLabel('Language').inputValue()).toBe('node');
    await expect.poll(() => page.getByTestId('editor-tabs').getByRole('tab', { selected: true }).textContent(), { timeout: 15_000 }).toBe('main.js');
  });
});
