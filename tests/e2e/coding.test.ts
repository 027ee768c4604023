/**
 * The coding item end to end, in one browser: the terminal (a real sandboxed shell through the
 * transport into xterm), vim, the test command typed in the shell, the workspace editor (open, edit, save, seen by the
 * shell), files the shell changes refreshing in the editor (conflicts: ide.test.ts),
 * the way out of the terminal (F6), the terminal redrawn after a page reload, and restarting the
 * shell.
 *
 * Terminal text is read through the test hook (`window.__vigilTerminals`, enabled by the
 * `vigil:test-hooks` flag), so the check does not depend on which xterm renderer draws it.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.js';
import { openCodingItem } from './codingFlow.js';
import { launchApp, type LaunchedApp } from './harness.js';

const ITEM = 'sum-function';
const SHOTS = join(repoRoot, 'test-results', 'screenshots');
const VI = ['/usr/bin/vim', '/usr/bin/vi', '/bin/vi'].find((p) => existsSync(p));

async function terminalText(page: Page): Promise<string> {
  return page.evaluate((id) => window.__vigilTerminals?.[id]?.text() ?? '', ITEM);
}

/** Lines of the terminal that are exactly `line` (output, not the echoed command). */
async function hasLine(page: Page, line: string): Promise<boolean> {
  return (await terminalText(page)).split('\n').some((l) => l.trimEnd() === line);
}

async function focusTerminal(page: Page): Promise<void> {
  await page.locator('.terminal-container .xterm').click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.terminal-container') !== null)).toBe(true);
}

/** Types a command line into the terminal with the keyboard and presses Enter. */
async function run(page: Page, command: string): Promise<void> {
  await focusTerminal(page);
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

function treeItem(page: Page, path: string) {
  return page.locator(`[role="treeitem"][data-path="${path}"]`);
}

describe('the coding workspace in the browser', () => {
  let app: LaunchedApp;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    app = await launchApp();
    page = app.page;
    await page.setViewportSize({ width: 1400, height: 1000 });
    await openCodingItem(page, ITEM, { id: 'cand-7', name: 'Grace Hopper' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens a real shell in the terminal: echo hi prints hi', async () => {
    const pane = page.getByTestId('terminal-pane');
    await expect.poll(() => pane.getAttribute('data-phase'), { timeout: 20_000 }).toBe('running');
    // Without a GPU (headless, --disable-gpu) the DOM renderer draws the terminal.
    expect(await pane.getAttribute('data-renderer')).toMatch(/^(dom|webgl)$/);
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toMatch(/[#$] ?$/m);
    await run(page, 'echo hi');
    await expect.poll(() => hasLine(page, 'hi'), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'coding-terminal.png') });
  });

  it('runs a full-screen program: vim opens, edits and quits', async () => {
    if (!VI) throw new Error('No vi or vim on this machine (/usr/bin/vim, /usr/bin/vi): the terminal test needs one. Debian: apt-get install -y vim-tiny');
    await run(page, `${VI} -u NONE vimfile.txt`);
    // vim's empty-buffer marker lines fill the alternate screen.
    await expect.poll(async () => (await terminalText(page)).split('\n').filter((l) => l.trimEnd() === '~').length, { timeout: 10_000 }).toBeGreaterThan(3);
    await page.keyboard.type('iwritten in vim');
    await page.keyboard.press('Escape');
    await page.keyboard.type(':wq');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await terminalText(page)).split('\n').filter((l) => l.trimEnd() === '~').length, { timeout: 10_000 }).toBe(0);
    await run(page, 'cat vimfile.txt');
    await expect.poll(() => hasLine(page, 'written in vim'), { timeout: 10_000 }).toBe(true);
  });

  it('edits sum.js in the editor, saves with Ctrl+S, and the shell sees the change', async () => {
    await treeItem(page, 'sum.js').click();
    const editor = page.locator('[data-testid="code-editor"] .cm-content');
    await expect.poll(() => editor.innerText(), { timeout: 15_000 }).toContain('return 0;');
    await editor.click();
    // Line 3 is "  return 0;": select it from its indentation to its end and type over it.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('return numbers.reduce((total, n) => total + n, 0);');
    expect(await treeItem(page, 'sum.js').textContent()).toContain('(unsaved)');
    await page.keyboard.press('Control+S');
    await expect.poll(() => page.getByTestId('editor-status').textContent(), { timeout: 10_000 }).toBe('Saved');
    await run(page, 'cat sum.js');
    await expect.poll(() => hasLine(page, '  return numbers.reduce((total, n) => total + n, 0);'), { timeout: 10_000 }).toBe(true);
    await run(page, 'node --test');
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(/^ℹ pass 1$/m);
    await page.screenshot({ path: join(SHOTS, 'coding-editor.png') });
  });

  it('shows files the shell creates and changes, and a clean buffer follows the disk', async () => {
    await run(page, 'echo from-shell >> notes.txt');
    await treeItem(page, 'notes.txt').waitFor({ timeout: 10_000 });
    await treeItem(page, 'notes.txt').click();
    const editor = page.locator('[data-testid="code-editor"] .cm-content');
    await expect.poll(() => editor.innerText(), { timeout: 10_000 }).toContain('from-shell');
    await run(page, 'echo second >> notes.txt');
    await expect.poll(() => editor.innerText(), { timeout: 10_000 }).toContain('second');
    expect(await page.getByTestId('editor-status').textContent()).toBe('Saved');
    // Unsaved edits and a change on disk: tests/e2e/ide.test.ts.
  });

  it('lets the keyboard out of the terminal with F6 and navigates the file tree with arrows', async () => {
    await focusTerminal(page);
    await page.keyboard.press('Tab'); // Tab stays in the shell (completion)
    expect(await page.evaluate(() => document.activeElement?.closest('.terminal-container') !== null)).toBe(true);
    await page.keyboard.press('F6');
    expect(await page.evaluate(() => document.activeElement?.closest('.terminal-container') !== null)).toBe(false);

    await treeItem(page, 'notes.txt').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.path)).toBe('vimfile.txt');
    await page.keyboard.press('ArrowUp');
    const upPath = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.path);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('editor-tabs').getByRole('tab', { selected: true }).getAttribute('data-path')).toBe(upPath);
  });

  it('after a page reload redraws the terminal from the shell\'s recent output, and the shell still answers', async () => {
    // $((6*7)) so the echoed command line itself never equals the output line.
    await run(page, 'echo before-reload-$((6*7))');
    await expect.poll(() => hasLine(page, 'before-reload-42'), { timeout: 10_000 }).toBe(true);
    await page.reload();
    await page.locator(`nav button[data-item-id="${ITEM}"]`).click({ timeout: 20_000 });
    const pane = page.getByTestId('terminal-pane');
    await expect.poll(() => pane.getAttribute('data-phase'), { timeout: 20_000 }).toBe('running');
    // The shell is idle: the line can only come from the replay that answered the open.
    await expect.poll(() => hasLine(page, 'before-reload-42'), { timeout: 10_000 }).toBe(true);
    await run(page, 'echo after-reload-$((6*7))');
    await expect.poll(() => hasLine(page, 'after-reload-42'), { timeout: 10_000 }).toBe(true);
  });

  it('restarts the shell after confirmation, and after it exits', async () => {
    await page.getByTestId('restart-shell').click();
    const dialog = page.getByTestId('restart-confirm');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Restart shell' }).click();
    const pane = page.getByTestId('terminal-pane');
    await expect.poll(() => pane.getAttribute('data-phase'), { timeout: 20_000 }).toBe('running');
    await expect.poll(() => hasLine(page, 'hi'), { timeout: 5_000 }).toBe(false); // a fresh screen

    await run(page, 'exit');
    await expect.poll(() => pane.getAttribute('data-phase'), { timeout: 15_000 }).toBe('exited');
    expect(await page.getByTestId('terminal-exited').textContent()).toContain('The shell exited');
    await page.getByTestId('terminal-exited').getByRole('button', { name: 'Restart' }).click();
    await expect.poll(() => pane.getAttribute('data-phase'), { timeout: 20_000 }).toBe('running');
    await run(page, 'echo back');
    await expect.poll(() => hasLine(page, 'back'), { timeout: 10_000 }).toBe(true);
  });
});
