/**
 * The hiring-decision pages in Chromium against a real `vigil hub` holding a graded cohort: item
 * statistics, the ranked cohort (sort, filter, shortlist, comparison, CSV) and the candidate
 * report. Each page is axe-clean and its numbers are the hub's (and, for the report, `vigil grade`'s).
 * Screenshots at 1366x768 and 1920x1080 go to test-results/screenshots (docs/screenshots with
 * VIGIL_SCREENSHOTS=docs).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradedResultSchema } from '../../shared/grading/resultSchema.js';
import { candidateReportSchema } from '../../shared/hub/candidateReport.js';
import { cohortReplySchema } from '../../shared/hub/cohort.js';
import { runCli } from '../support/cliProcess.js';
import { demoExamDir } from '../support/paths.js';
import { itemStatsReplySchema } from '../../shared/hub/itemStats.js';
import { repoRoot } from '../support/paths.js';
import { expectAxeClean } from './axe.js';
import { CHROMIUM_FLAGS, requireChromium } from './harness.js';
import { fixtureCode, PASSWORD, startReportsHub, type CandidateSpec, type ReportsHub } from './reportsHub.js';

const SHOTS = process.env.VIGIL_SCREENSHOTS === 'docs' ? join(repoRoot, 'docs', 'screenshots') : join(repoRoot, 'test-results', 'screenshots');
const SQL_RIGHT = 'SELECT customer_id, COUNT(*) AS order_count FROM orders GROUP BY customer_id HAVING COUNT(*) >= 2';
const SQL_WRONG = 'SELECT customer_id, COUNT(*) AS order_count FROM orders GROUP BY customer_id';
const SUM_RIGHT = '// Return the sum of an array of numbers; 0 for an empty array.\nexport function sum(numbers) {\n  return numbers.reduce((total, n) => total + n, 0);\n}\n';
const SUM_LOOP = 'export function sum(values) {\n  let acc = 0;\n  for (const v of values) acc += v;\n  return acc;\n}\n';
const ESSAY = 'Every index costs writes and storage, so on a small table or a column with low selectivity a sequential scan is just as fast and the index is pure overhead for inserts.';

async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  // The top of the page, as a manager arriving sees it, with no field focused.
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

describe('hiring-decision pages served by vigil hub', () => {
  let hub: ReportsHub;
  let browser: Browser;
  let page: Page;
  let candidates: CandidateSpec[];

  beforeAll(async () => {
    const [original, nearCopy, independent] = await Promise.all([fixtureCode('original'), fixtureCode('nearCopy'), fixtureCode('independent')]);
    const all = { 'http-status': 'b', 'idempotent-methods': ['get', 'put', 'delete'], 'cache-header': 'ETag', 'latency-budget': 140, 'top-customers': SQL_RIGHT, 'explain-index': ESSAY };
    candidates = [
      { id: 'c-ada', name: 'Ada Lovelace', answers: all, code: { 'sum.js': SUM_RIGHT, 'lru.js': original }, minutes: 38 },
      { id: 'c-brian', name: 'Brian Kernighan', answers: { ...all, 'latency-budget': 120 }, code: { 'sum.js': SUM_RIGHT, 'lru.js': nearCopy }, minutes: 41, violations: 1 },
      { id: 'c-grace', name: 'Grace Hopper', answers: { ...all, 'idempotent-methods': ['get', 'put'] }, code: { 'sum.js': SUM_LOOP, 'lru.js': independent }, minutes: 30 },
      { id: 'c-linus', name: 'Linus Torvalds', answers: { 'http-status': 'a', 'idempotent-methods': ['get', 'put', 'post'], 'cache-header': 'ETag', 'latency-budget': 140, 'top-customers': SQL_WRONG }, minutes: 45, submitReason: 'time-up' },
      { id: 'c-margaret', name: 'Margaret Hamilton', answers: { ...all, 'latency-budget': 200 }, minutes: 35 },
      { id: 'c-dennis', name: 'Dennis Ritchie', answers: { 'http-status': 'd', 'idempotent-methods': ['post'], 'cache-header': 'ETag', 'latency-budget': 60 }, minutes: 50, submitReason: 'proctor', violations: 3 },
      { id: 'c-barbara', name: 'Barbara Liskov', answers: { 'http-status': 'b', 'idempotent-methods': ['get', 'delete'], 'cache-header': 'etag', 'latency-budget': 135, 'top-customers': SQL_WRONG }, minutes: 28 },
      { id: 'c-eve', name: '=HYPERLINK("http://x","Eve")', answers: { 'http-status': 'c', 'cache-header': 'ETag' }, minutes: 12 },
    ];
    hub = await startReportsHub(candidates);
    browser = await chromium.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    page = await context.newPage();
    await page.goto(new URL('/dashboard/', hub.url).toString());
    await page.getByLabel('Your name').fill('Hana');
    await page.getByLabel('Proctor password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('nav-cohort').waitFor({ timeout: 15_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('item statistics: the hub’s figures, flagged items marked, the unreliable note, axe-clean', async () => {
    const expected = itemStatsReplySchema.parse(await (await hub.api('/api/v1/proctor/exams/demo/item-stats')).json());
    await page.getByTestId('nav-item-stats').click();
    await page.getByTestId('item-stat-row').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('stats-results').textContent()).toBe(String(candidates.length));
    expect(await page.getByTestId('stats-alpha').textContent()).toBe(expected.alpha === null ? '—' : expected.alpha.toFixed(2));
    expect(await page.getByTestId('stats-notes').textContent()).toMatch(/Only 8 graded results.*fewer than 30/);
    // Everyone named ETag: too easy.
    const cache = page.locator('[data-testid="item-stat-row"][data-item-id="cache-header"]');
    expect(await cache.getAttribute('data-flags')).toContain('too-easy');
    expect(await cache.textContent()).toContain('Too easy (facility above 0.9)');
    for (const item of expected.items) {
      const row = page.locator(`[data-testid="item-stat-row"][data-item-id="${item.itemId}"]`);
      expect(await row.getByTestId('facility').textContent()).toContain(item.facility === null ? '—' : item.facility.toFixed(2));
      expect(await row.getByTestId('discrimination').textContent()).toBe(item.discrimination === null ? '—' : item.discrimination.toFixed(2));
    }
    await expectAxeClean(page, 'item statistics');
    await shoot(page, 'hub-item-stats');

    await page.getByTestId('flagged-only').check();
    const flagged = expected.items.filter((i) => i.flags.length > 0).map((i) => i.itemId);
    await expect.poll(() => page.getByTestId('item-stat-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.itemId))).toEqual(flagged);
  });

  it('cohort: ranked as the hub ranks, sortable, filterable, shortlist and comparison, CSV escaped, axe-clean', async () => {
    const expected = cohortReplySchema.parse(await (await hub.api('/api/v1/proctor/exams/demo/cohort')).json());
    await page.getByTestId('nav-cohort').click();
    await page.getByTestId('cohort-row').first().waitFor({ timeout: 15_000 });
    const order = () => page.getByTestId('cohort-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.candidateId));
    expect(await order()).toEqual(expected.rows.map((r) => r.candidate.id));
    const first = expected.rows[0];
    const firstRow = page.getByTestId('cohort-row').first();
    expect(await firstRow.getByTestId('total').textContent()).toContain(`${Math.round(first?.percent ?? 0)}%`);
    expect(await firstRow.getByTestId('rank').textContent()).toBe(String(first?.rank));
    // The near-copies are flagged on both rows, the independent solution is not.
    for (const [id, flagged] of [
      ['c-ada', true],
      ['c-brian', true],
      ['c-grace', false],
    ] as const) {
      expect(await page.locator(`[data-testid="cohort-row"][data-candidate-id="${id}"]`).getByTestId('similarity-flag').count()).toBe(flagged ? 1 : 0);
    }

    // Sorting by time used, longest first.
    await page.getByTestId('sort-timeUsed').click();
    expect(await order()).toEqual([...expected.rows].sort((a, b) => b.timeUsedMs - a.timeUsedMs || a.rank - b.rank).map((r) => r.candidate.id));
    await page.getByTestId('sort-rank').click();

    // Shortlist two, compare them side by side.
    await page.locator('[data-testid="cohort-row"][data-candidate-id="c-ada"]').getByTestId('shortlist-box').check();
    await page.locator('[data-testid="cohort-row"][data-candidate-id="c-grace"]').getByTestId('shortlist-box').check();
    await page.getByTestId('compare-table').waitFor();
    expect(await page.getByTestId('compare-table').textContent()).toContain('Grace Hopper');
    await page.getByTestId('shortlist-only').check();
    expect((await order()).sort()).toEqual(['c-ada', 'c-grace']);
    await page.getByTestId('shortlist-only').uncheck();
    await page.getByTestId('cohort-min').fill('50');
    await expect.poll(order).toEqual(expected.rows.filter((r) => r.percent >= 50).map((r) => r.candidate.id));
    await page.getByTestId('cohort-min').fill('0');
    await expectAxeClean(page, 'cohort');
    await shoot(page, 'hub-cohort');

    // Another sitting's JSON export: the ranking is over both sittings, each row says where it is from.
    const otherSitting = { ...expected, rows: expected.rows.slice(0, 3).map((r) => ({ ...r, attemptId: `other-${r.attemptId}`, candidate: { id: `b-${r.candidate.id}`, name: `${r.candidate.name} (B)` } })) };
    const otherFile = join(hub.dir, 'sitting-b.json');
    await writeFile(otherFile, JSON.stringify(otherSitting));
    await page.getByTestId('cohort-sitting').setInputFiles(otherFile);
    await expect.poll(() => page.getByTestId('cohort-row').count()).toBe(expected.rows.length + 3);
    expect(await page.getByTestId('cohort-sittings').textContent()).toContain('sitting-b.json');
    // Ada and her copy from sitting B share the top rank.
    expect((await order()).slice(0, 2).sort()).toEqual(['b-c-ada', 'c-ada']);
    await expectAxeClean(page, 'cohort across sittings');
    await page.getByRole('button', { name: 'This hub only' }).click();
    await expect.poll(() => page.getByTestId('cohort-row').count()).toBe(expected.rows.length);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cohort-csv').click()]);
    const csv = await readFile((await download.path()) as string, 'utf8');
    expect(download.suggestedFilename()).toBe('cohort-demo.csv');
    expect(csv.split('\r\n')[0]).toMatch(/^rank,candidate id,candidate name,attempt id,score,max score,percent,percentile,/);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""Eve"")"`);
  });

  it('candidate report: the numbers of `vigil grade`, answers beside the key, tests, similarity, axe-clean; the printable page too', async () => {
    const ada = candidates[0] as CandidateSpec;
    const attemptId = hub.attempts.get(ada.id) as string;
    // `vigil grade` on the same answers and workspace: the report must say what it says.
    const answersFile = join(hub.dir, 'ada-answers.json');
    await writeFile(answersFile, JSON.stringify({ ...ada.answers, 'sum-function': { workspace: hub.workspaces.get(ada.id) } }));
    const cli = await runCli(['grade', demoExamDir, answersFile], { timeoutMs: 120_000 });
    expect(cli.code, cli.stderr).toBe(0);
    const graded = gradedResultSchema.parse(JSON.parse(cli.stdout));

    await page.getByTestId('nav-cohort').click();
    await page.locator(`[data-testid="cohort-row"][data-candidate-id="${ada.id}"]`).getByTestId('report-link').click();
    await page.getByTestId('report-facts').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('report-total').textContent()).toContain(`${graded.score} / ${graded.maxScore}`);
    for (const [itemId, grade] of Object.entries(graded.items)) {
      expect(await page.locator(`[data-testid="report-item"][data-item-id="${itemId}"]`).getByTestId('item-score').textContent(), itemId).toMatch(new RegExp(`^${grade.score} / ${grade.max} · `));
    }
    for (const [skillId, skill] of Object.entries(graded.skills)) {
      expect(await page.locator(`[data-testid="report-skill"][data-skill-id="${skillId}"]`).textContent()).toContain(`${skill.score} / ${skill.max}`);
    }
    // The answer beside the key, the hidden tests per behaviour, the near-copy flagged with the other candidate named.
    const latency = page.locator('[data-testid="report-item"][data-item-id="latency-budget"]');
    expect(await latency.getByTestId('item-answer').textContent()).toBe('140 ms');
    expect(await latency.getByTestId('item-key').textContent()).toBe('140 ± 10 ms');
    expect(await page.locator('[data-testid="report-item"][data-item-id="sum-function"]').getByTestId('item-tests').textContent()).toBe('Hidden tests: 3 of 3 passed');
    expect(await page.getByTestId('report-similarity').textContent()).toContain('Brian Kernighan');
    await expectAxeClean(page, 'candidate report');
    await shoot(page, 'hub-candidate-report');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('report-similarity').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'hub-candidate-report-similarity-1366x768.png') });

    const report = candidateReportSchema.parse(await (await hub.api(`/api/v1/proctor/attempts/${attemptId}/report.json`)).json());
    expect(report.total.score).toBe(graded.score);
    expect(await page.getByTestId('report-rank').textContent()).toBe(`${report.total.rank} of ${report.total.of}`);

    // The hub's printable page, in Chromium with the proctor's token, is axe-clean too.
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, extraHTTPHeaders: { authorization: `Bearer ${hub.proctorToken}` } });
    const printable = await context.newPage();
    const res = await printable.goto(new URL(`/api/v1/proctor/attempts/${attemptId}/report`, hub.url).toString());
    expect(res?.status()).toBe(200);
    expect(await printable.getByTestId('report-total').textContent()).toContain(`${graded.score} / ${graded.maxScore}`);
    await expectAxeClean(printable, 'printable report');
    await printable.screenshot({ path: join(SHOTS, 'hub-report-printable-1366x768.png') });
    await context.close();

    // The PDF, printed by Chromium at the hub, from the dashboard's button.
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
    expect(pdf.suggestedFilename()).toBe('report-c-ada.pdf');
    const bytes = await readFile((await pdf.path()) as string);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(10_000);
  }, 180_000);

  it('blind grading: no candidate name on the page, grade by code, next ungraded, axe-clean', async () => {
    await page.getByTestId('nav-grading').click();
    await page.getByTestId('blind-card').waitFor({ timeout: 15_000 });
    const text = (await page.locator('main').textContent()) ?? '';
    for (const c of candidates) {
      expect(text).not.toContain(c.name);
      expect(text).not.toContain(c.id);
    }
    // Written essays: Ada, Brian, Grace, Margaret (the others left it blank).
    expect(await page.getByTestId('blind-progress').textContent()).toBe('0 of 4 answers graded · 0 by two graders or more');
    const first = (await page.getByTestId('blind-card').getAttribute('data-code')) as string;
    await page.getByTestId('blind-card').locator('[data-criterion="write-cost"]').check();
    await page.getByTestId('blind-card').locator('[data-criterion="selectivity"]').check();
    await page.getByTestId('save-grade').click();
    await expect.poll(() => page.getByTestId('blind-progress').textContent()).toBe('1 of 4 answers graded · 0 by two graders or more');
    expect(await page.getByTestId('blind-card').getAttribute('data-code')).toBe(first);
    await page.getByTestId('blind-next').click();
    await expect.poll(() => page.getByTestId('blind-card').getAttribute('data-code')).not.toBe(first);
    await expectAxeClean(page, 'blind grading');
    await shoot(page, 'hub-blind-grading');

    // A second grader gives the first answer nothing: two levels apart, so it asks for reconciling.
    const ben = (await (await fetch(new URL('/api/v1/proctor/login', hub.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: PASSWORD, name: 'Ben' }) })).json()) as { token: string };
    const second = await fetch(new URL(`/api/v1/proctor/exams/demo/blind-grading/${first}`, hub.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ben.token}` },
      body: JSON.stringify({ itemId: 'explain-index', criteria: [] }),
    });
    expect(second.status).toBe(200);
    await expect.poll(() => page.getByTestId('blind-progress').textContent(), { timeout: 15_000 }).toBe('1 of 4 answers graded · 1 by two graders or more · 1 to reconcile');
    await page.locator('[data-testid="blind-code"]', { hasText: first }).click();
    expect(await page.getByTestId('blind-graders').textContent()).toContain('Ben (0 of 2)');
    expect(await page.getByTestId('blind-reconciles').isChecked()).toBe(true);
    // The two graders' marks per criterion, side by side, for the reconciling grader.
    expect(await page.getByTestId('grader-marks').locator('thead th').allTextContents()).toEqual(['Criterion', 'Hana', 'Ben']);
    await expectAxeClean(page, 'blind grading, to reconcile');
    await shoot(page, 'hub-blind-reconcile');
  });
});
