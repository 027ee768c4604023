import type { Page } from 'playwright-core';

/**
 * Checks in on the practice exam with the terminal test hooks on, passes pre-flight, starts, and
 * opens the coding item: the start of every coding end-to-end test.
 */
export async function openCodingItem(page: Page, itemId: string, candidate: { id: string; name: string }): Promise<void> {
  await page.evaluate(() => localStorage.setItem('vigil:test-hooks', '1'));
  await page.reload();
  await page.getByLabel('Candidate id').fill(candidate.id);
  await page.getByLabel('Full name').fill(candidate.name);
  await page.getByRole('button', { name: 'Check in' }).click();
  await page.getByRole('button', { name: 'Continue', exact: true }).click({ timeout: 20_000 });
  await page.getByTestId('start').click({ timeout: 20_000 });
  await page.locator(`nav button[data-item-id="${itemId}"]`).click({ timeout: 20_000 });
  await page.getByTestId('coding-workspace').waitFor();
}
