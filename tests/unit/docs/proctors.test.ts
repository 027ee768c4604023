import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_CLOCK_RULE } from '../../../shared/lockClock.js';
import { repoRoot } from '../../support/paths.js';

describe('docs/proctors.md', () => {
  it('states the lock-clock rule in the words the hub dialog and the candidate\'s lock screen use', async () => {
    const text = await readFile(join(repoRoot, 'docs', 'proctors.md'), 'utf8');
    expect(text).toContain(LOCK_CLOCK_RULE);
    // The old, contradicting wording must be gone.
    expect(text).not.toMatch(/a deadline clock keeps running/);
  });
});
