import { describe, expect, it } from 'vitest';
import type { PreflightCheck } from '../../../../../shared/attemptView.js';
import { evaluatePreflightOverride } from '../../../../../electron/core/preflight/preflightOverride.js';

const check = (id: string, status: PreflightCheck['status'], overridable = true): PreflightCheck => ({ id, title: id, status, detail: '', overridable });

describe('evaluatePreflightOverride', () => {
  const checks = [check('storage', 'pass', false), check('virtual-machine', 'fail'), check('remote-session', 'fail'), check('prohibited-processes', 'warn')];

  it('goes on when every failed check is overridden; warnings need nothing', () => {
    expect(evaluatePreflightOverride(checks, ['virtual-machine', 'remote-session'])).toEqual({ ok: true, overridden: ['virtual-machine', 'remote-session'] });
    expect(evaluatePreflightOverride([check('a', 'warn')], [])).toEqual({ ok: true, overridden: [] });
  });

  it('names the failed checks the overrides do not cover', () => {
    const result = evaluatePreflightOverride(checks, ['virtual-machine']);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.needsOverride.map((c) => c.id)).toEqual(['remote-session']);
  });

  it('never waives a check that is not overridable, even when named', () => {
    const result = evaluatePreflightOverride([check('storage', 'fail', false)], ['storage']);
    expect(result).toMatchObject({ ok: false, blocking: [expect.objectContaining({ id: 'storage' })], needsOverride: [] });
  });
});
