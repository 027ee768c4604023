import { violation, type LockdownViolation } from './violation.js';

export type DisplayEvent = { type: 'initial'; count: number } | { type: 'added'; count: number; label?: string } | { type: 'removed'; count: number; label?: string };

/**
 * Displays against policy `maxDisplays`. A second screen is how answers are read off another
 * machine's screen or shown to a helper: more displays than allowed at start is `display-count`
 * (critical), a display plugged in during the exam is `display-added` (critical when it exceeds the
 * limit, info otherwise), and a removal is recorded as info so the count history is complete.
 * `count` is the number of displays after the event.
 */
export function displayViolation(event: DisplayEvent, maxDisplays: number): LockdownViolation | null {
  const over = event.count > maxDisplays;
  const limit = `the exam allows ${maxDisplays}`;
  const name = 'label' in event && event.label ? ` (${event.label})` : '';
  switch (event.type) {
    case 'initial':
      return over ? violation('display-count', 'critical', `${event.count} displays are connected; ${limit}.`, { count: event.count, maxDisplays }) : null;
    case 'added':
      return violation('display-added', over ? 'critical' : 'info', `A display was connected${name}: ${event.count} now${over ? `, ${limit}` : ''}.`, { count: event.count, maxDisplays });
    case 'removed':
      return violation('display-count', 'info', `A display was disconnected${name}: ${event.count} now${over ? `, still more than ${maxDisplays}` : ''}.`, { count: event.count, maxDisplays });
  }
}
