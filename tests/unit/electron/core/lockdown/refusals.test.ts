import { describe, expect, it } from 'vitest';
import { refusalViolation } from '../../../../../electron/core/lockdown/refusals.js';

describe('refusal violations', () => {
  it('journals refused navigation as navigation-blocked, permissions as permission-denied', () => {
    expect(refusalViolation('new-window', 'https://example.com/')).toMatchObject({ kind: 'navigation-blocked', severity: 'info', refusal: 'new-window', detail: expect.stringContaining('https://example.com/') });
    expect(refusalViolation('permission', 'media app://vigil/index.html')).toMatchObject({ kind: 'permission-denied', severity: 'warning' });
    expect(refusalViolation('ipc', 'getExam from https://evil.example/')).toMatchObject({ kind: 'navigation-blocked', severity: 'critical' });
  });

  it('keeps long URLs (data: URLs) short', () => {
    const found = refusalViolation('navigation', `data:text/html,${'x'.repeat(5000)}`);
    expect(found.detail.length).toBeLessThan(400);
  });
});
