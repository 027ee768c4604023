import { describe, expect, it } from 'vitest';
import { displayViolation } from '../../../../../electron/core/lockdown/displayMonitor.js';

describe('display monitor', () => {
  it.each([
    [{ type: 'initial', count: 1 }, 1, null],
    [{ type: 'initial', count: 2 }, 1, { kind: 'display-count', severity: 'critical', count: 2 }],
    [{ type: 'initial', count: 2 }, 2, null],
    [{ type: 'added', count: 2, label: 'DELL U2720Q' }, 1, { kind: 'display-added', severity: 'critical', count: 2 }],
    [{ type: 'added', count: 2 }, 2, { kind: 'display-added', severity: 'info', count: 2 }],
    [{ type: 'removed', count: 1 }, 1, { kind: 'display-count', severity: 'info', count: 1 }],
  ] as const)('%o with maxDisplays %i', (event, max, expected) => {
    const found = displayViolation(event, max);
    if (expected === null) expect(found).toBeNull();
    else expect(found).toMatchObject({ ...expected, maxDisplays: max });
  });

  it('names the display that was plugged in', () => {
    expect(displayViolation({ type: 'added', count: 2, label: 'DELL U2720Q' }, 1)?.detail).toContain('DELL U2720Q');
  });
});
