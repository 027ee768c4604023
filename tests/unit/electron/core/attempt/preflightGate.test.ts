import { describe, expect, it } from 'vitest';
import type { PreflightCheck } from '../../../../../shared/attemptView.js';
import { judgePreflight } from '../../../../../electron/core/attempt/preflightGate.js';

const check = (id: string, status: PreflightCheck['status'], overridable = true): PreflightCheck => ({ id, title: `Check ${id}`, status, detail: '', overridable });

describe('judgePreflight', () => {
  it('passes when nothing failed', () => {
    expect(judgePreflight([check('a', 'pass'), check('b', 'warn')], [], 'proctored', undefined)).toEqual({ ok: true, reason: 'preflight-passed', failed: [] });
  });

  it('refuses a failed check no proctor can waive, without a violation', () => {
    const gate = judgePreflight([check('disk', 'fail', false)], ['disk'], 'proctored', undefined);
    expect(gate).toMatchObject({ ok: false, violation: null, error: { code: 'invalid-state' } });
  });

  it('in a proctored exam, asks for the proctor and journals which checks need the override', () => {
    const gate = judgePreflight([check('displays', 'fail')], [], 'proctored', 'ABC');
    expect(gate.ok).toBe(false);
    if (gate.ok) return;
    expect(gate.error.code).toBe('forbidden');
    expect(gate.error.message).toContain('The code you entered was not accepted.');
    expect(gate.violation).toMatchObject({ kind: 'preflight-failed', severity: 'warning', checks: [{ id: 'displays', status: 'fail' }] });
  });

  it('goes on once the proctor waived the failed checks', () => {
    expect(judgePreflight([check('displays', 'fail')], ['displays'], 'proctored', undefined)).toEqual({ ok: true, reason: 'preflight-overridden', failed: ['displays'] });
  });

  it('lets a practice candidate continue past soft failures', () => {
    expect(judgePreflight([check('displays', 'fail')], [], 'practice', undefined)).toEqual({ ok: true, reason: 'preflight-continued-in-practice', failed: ['displays'] });
  });
});
