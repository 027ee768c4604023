/**
 * The coding item as an IDE (issue 18), in Chromium at 1366x768 and 1920x1080: the editor and the
 * terminal both fully in the viewport (nothing of the page scrolls), the terminal at least 80
 * columns wide (`stty size` inside the shell), the task's file open on arrival; an edit never
 * saved by hand survives moving to another question and a reload, and Run tests runs it; a change
 * the shell makes to a file with unsaved edits shows a conflict with a diff; the results panel
 * lists the visible tests by name; pane sizes are remembered; axe finds nothing.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.js';
import { openCodingItem } from './codingFlow.js';
import { expectAxeClean } from './axe.js';
import { launchApp, type LaunchedApp } from './harness.js';

const ITEM = 'sum-function';
const SHOTS = join(repoRoot, 'docs', 'screenshots');
const FIX = 'return numbers.reduce((total, n) => total + n, 0);';

async function terminalText(page: Page): Promise<string> {
  return page.evaluate((id) => window.__vigilTerminals?.[id]?.text() ?? '', ITEM);
}

/** Types into the shell as if at the keyboard (the test hook; xterm's own input path). */
async function shell(page: Page, line: string): Promise<void> {
  await page.evaluate(([id, data]) => window.__vigilTerminals?.[id as string]?.type(data as string), [ITEM, `${line}\r`]);
}

const editorContent = (page: Page) => page.locator('[data-testid="code-editor"] .cm-content');

async function inViewport(page: Page, testId: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not rendered`);
  return box;
}

describe.each([
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
])('the coding IDE at $width x $height', ({ width, height }) => {
  let app: LaunchedApp;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    app = await launchApp();
    page = app.page;
    await page.setViewportSize({ width, height });
    await openCodingItem(page, ITEM, { id: 'cand-18', name: 'Barbara Liskov' });
    await page.locator('[data-testid="terminal-pane"][data-phase="running"]').waitFor({ timeout: 20_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('fills the window: editor and terminal fully visible, nothing scrolls, the navigator a rail, the task file open', async () => {
    await expect.poll(() => page.getByTestId('editor-tabs').getByRole('tab', { selected: true }).textContent(), { timeout: 15_000 }).toBe('sum.js');
    await expect.poll(() => editorContent(page).innerText(), { timeout: 15_000 }).toContain('return 0;');
    for (const id of ['workspace-editor', 'terminal-pane', 'code-editor']) {
      const box = await inViewport(page, id);
      expect(box.x, id).toBeGreaterThanOrEqual(0);
      expect(box.y, id).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, id).toBeLessThanOrEqual(width);
      expect(box.y + box.height, id).toBeLessThanOrEqual(height);
      expect(box.height, id).toBeGreaterThan(120);
    }
    const scroll = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth, ih: innerHeight, iw: innerWidth }));
    expect(scroll.h).toBeLessThanOrEqual(scroll.ih);
    expect(scroll.w).toBeLessThanOrEqual(scroll.iw);
    expect(await page.locator('.navigator').getAttribute('data-rail')).toBe('true');
    const nav = await page.locator('.shell-nav').boundingBox();
    expect(nav?.width ?? 999).toBeLessThan(100);
    await page.screenshot({ path: join(SHOTS, `coding-ide-${width}x${height}.png`) });
  });

  it('gives the shell at least 80 columns (stty size)', async () => {
    await shell(page, 'echo "size=$(stty size)"');
    await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^size=\d+ \d+/m);
    const [, rows, cols] = /^size=(\d+) (\d+)/m.exec(await terminalText(page)) ?? [];
    expect(Number(cols)).toBeGreaterThanOrEqual(80);
    expect(Number(rows)).toBeGreaterThanOrEqual(8);
  });

  it('keeps an edit never saved by hand across another question and a reload, and Run tests runs it', async () => {
    const editor = editorContent(page);
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type(FIX);
    // At once to another question (no wait for the autosave), and back.
    await page.locator('nav button[data-item-id="http-status"]').click();
    await page.getByRole('heading', { name: /^Question 1 of/ }).waitFor();
    await page.locator(`nav button[data-item-id="${ITEM}"]`).click();
    await expect.poll(() => editor.innerText(), { timeout: 15_000 }).toContain(FIX);

    // Type again and reload at once: the unsaved buffer comes back.
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('// kept across a reload');
    await page.reload();
    await page.getByTestId('coding-workspace').waitFor({ timeout: 20_000 });
    await expect.poll(() => editorContent(page).innerText(), { timeout: 15_000 }).toContain('// kept across a reload');
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('saved');

    await page.getByTestId('run-tests').click();
    const results = page.getByTestId('test-results');
    await results.waitFor({ timeout: 60_000 });
    const rows = page.getByTestId('test-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    expect(await rows.first().textContent()).toContain('adds a few numbers');
    expect(await rows.first().getAttribute('data-status')).toBe('pass');
    expect(await page.getByTestId('test-summary').textContent()).toContain('1 passed, 0 failed');
    await page.screenshot({ path: join(SHOTS, `coding-ide-results-${width}x${height}.png`) });
  });

  it('lists a failing test with its message and line, which opens in the editor; the raw output is one tab away', async () => {
    await editorContent(page).click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('return 1;');
    await page.getByTestId('run-tests').click();
    await expect.poll(async () => page.getByTestId('test-row').first().getAttribute('data-status'), { timeout: 60_000 }).toBe('fail');
    const row = page.getByTestId('test-row').first();
    expect(await row.textContent()).toMatch(/Failed.*adds a few numbers/);
    expect(await row.locator('.test-message').textContent()).toMatch(/1 !== 6|Expected/);
    await row.getByRole('button', { name: /Go to sum\.test\.js:\d+/ }).click();
    await expect.poll(() => page.getByTestId('editor-tabs').getByRole('tab', { selected: true }).textContent()).toBe('sum.test.js');
    await page.getByTestId('bottom-tab-tests').click();
    await page.getByTestId('test-output-tab').click();
    expect(await page.getByTestId('test-output').textContent()).toContain('not ok 1 - adds a few numbers');
    await expectAxeClean(page, 'the test results');
  });

  it('shows a conflict with a diff when the shell changes a file with unsaved edits, and never overwrites either side silently', async () => {
    await page.getByTestId('bottom-tab-terminal').click();
    await shell(page, 'printf "one\\n" > notes.txt');
    await page.locator('[role="treeitem"][data-path="notes.txt"]').click({ timeout: 10_000 });
    const editor = editorContent(page);
    await expect.poll(() => editor.innerText(), { timeout: 10_000 }).toContain('one');
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('mine');
    await shell(page, 'echo from-the-shell >> notes.txt');
    const conflict = page.getByTestId('editor-conflict');
    await conflict.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('conflict-diff').textContent()).toMatch(/from-the-shell/);
    expect(await editor.innerText()).toContain('mine');
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-status')).toBe('conflict');
    await expectAxeClean(page, 'the conflict');
    await page.screenshot({ path: join(SHOTS, `coding-ide-conflict-${width}x${height}.png`) });
    await conflict.getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => page.getByTestId('editor-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    // The candidate's choice is on disk, the shell's line replaced only because they chose so.
    await shell(page, 'echo "file=[$(tr "\\n" "|" < notes.txt)]"');
    await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^file=\[one\|mine\|?\]$/m);
  });

  it('journals a large paste from outside the exam into the editor as paste violations', async () => {
    const pasted = Array.from({ length: 20 }, (_, i) => `const line${i} = ${i};`).join('\n');
    await editorContent(page).click();
    await page.keyboard.press('Control+End');
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.querySelector('[data-testid="code-editor"] .cm-content')?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, pasted);
    await expect.poll(() => editorContent(page).innerText()).toContain('const line19 = 19;');
    const journal = async () => {
      const [attempt] = await readdir(join(app.dataDir, 'attempts'));
      const lines = (await readFile(join(app.dataDir, 'attempts', attempt as string, 'journal.jsonl'), 'utf8')).trim().split('\n');
      return lines.map((l) => JSON.parse(l) as { type: string; data: { kind?: string; detail?: string } }).filter((e) => e.type === 'violation').map((e) => e.data.kind);
    };
    await expect.poll(journal, { timeout: 10_000 }).toEqual(expect.arrayContaining(['paste-external', 'paste-large']));
  });

  it('lists an SQL item\'s tables with their columns and types', async () => {
    await page.locator('nav button[data-item-id="top-customers"]').click();
    const schema = page.getByTestId('sql-schema');
    await schema.locator('[data-table="orders"]').waitFor({ timeout: 15_000 });
    expect(await schema.locator('[data-table="orders"]').textContent()).toMatch(/customer_id\s*INTEGER/);
    expect(await schema.locator('[data-table="customers"]').textContent()).toMatch(/name\s*TEXT/);
    await expectAxeClean(page, 'the SQL schema panel');
    await page.screenshot({ path: join(SHOTS, `sql-schema-${width}x${height}.png`) });
    await page.locator(`nav button[data-item-id="${ITEM}"]`).click();
    await page.getByTestId('coding-workspace').waitFor();
  });

  it('resizes panes with the keyboard and remembers their sizes after a reload', async () => {
    const handle = page.getByTestId('ide-handle').nth(1);
    const before = (await inViewport(page, 'workspace-editor')).width;
    const savedColumns = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('vigil:ide:') && k.includes(':columns')).map((k) => localStorage.getItem(k)).join('|'));
    const savedBefore = await savedColumns();
    await handle.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await inViewport(page, 'workspace-editor')).width, { timeout: 10_000 }).toBeLessThan(before - 20);
    const resized = (await inViewport(page, 'workspace-editor')).width;
    // react-resizable-panels saves a layout shortly after the last change (debounced): reload only
    // once the columns' saved layout is no longer the one from before the resize.
    await expect.poll(savedColumns, { timeout: 10_000 }).not.toBe(savedBefore);
    await page.reload();
    await page.getByTestId('coding-workspace').waitFor({ timeout: 20_000 });
    await expect.poll(async () => Math.round((await inViewport(page, 'workspace-editor')).width), { timeout: 10_000 }).toBe(Math.round(resized));
    await expectAxeClean(page, 'the coding IDE');
  });
});
