import type { Clock } from '../core/attempt/clock.js';
import { displayViolation, type DisplayEvent } from '../core/lockdown/displayMonitor.js';
import { focusStep, INITIAL_FOCUS_STATE, pendingFocusLoss, type FocusLossPolicy } from '../core/lockdown/focusMonitor.js';
import { INITIAL_SUSPEND_STATE, suspendStep } from '../core/lockdown/suspendResume.js';
import type { ViolationSink } from '../core/lockdown/violation.js';

/**
 * Adapters from Electron's events to the monitors' pure logic in core/lockdown. Each takes the
 * Electron object as a parameter (so tests pass fakes) and returns a stop function that removes
 * its listeners.
 */
/** Listeners take unknown arguments so that Electron's typed emitters fit; handlers narrow at runtime. */
export type Listener = (...args: unknown[]) => void;
export interface Emitter<E extends string> {
  on(event: E, listener: Listener): unknown;
  removeListener(event: E, listener: Listener): unknown;
}

function listen<E extends string>(emitter: Emitter<E>, handlers: Partial<Record<E, Listener>>): () => void {
  const entries = Object.entries(handlers) as Array<[E, Listener]>;
  for (const [event, handler] of entries) emitter.on(event, handler);
  return () => {
    for (const [event, handler] of entries) emitter.removeListener(event, handler);
  };
}

/** Window blur/focus -> `focus-loss` on refocus with its duration; `lock` policy locks on blur. */
export function watchFocus(window: Emitter<'blur' | 'focus'>, opts: { policy: FocusLossPolicy; clock: Clock; onViolation: ViolationSink; onLock(): void }): () => void {
  let state = INITIAL_FOCUS_STATE;
  const apply = (type: 'blur' | 'focus') => {
    const step = focusStep(state, { type, at: opts.clock.monoNow() }, opts.policy);
    state = step.state;
    if (step.lock) opts.onLock();
    if (step.violation) opts.onViolation(step.violation);
  };
  const stop = listen(window, { blur: () => apply('blur'), focus: () => apply('focus') });
  return () => {
    stop();
    const pending = pendingFocusLoss(state, opts.clock.monoNow(), opts.policy);
    if (pending) opts.onViolation(pending);
  };
}

interface DisplayLike {
  id: number;
  label?: string;
  size?: { width: number; height: number };
}

/** What watchDisplays uses of Electron's screen module. */
export interface ScreenLike extends Emitter<'display-added' | 'display-removed'> {
  getAllDisplays(): DisplayLike[];
}

function labelOf(display: unknown): string | undefined {
  if (typeof display !== 'object' || display === null) return undefined;
  const { label, size } = display as Partial<DisplayLike>;
  if (typeof label === 'string' && label) return label;
  return size ? `${size.width}×${size.height}` : undefined;
}

/** Display count at start and each display plugged or unplugged, against `maxDisplays`. */
export function watchDisplays(screen: ScreenLike, opts: { maxDisplays: number; onViolation: ViolationSink }): () => void {
  const report = (event: DisplayEvent) => {
    const found = displayViolation(event, opts.maxDisplays);
    if (found) opts.onViolation(found);
  };
  report({ type: 'initial', count: screen.getAllDisplays().length });
  return listen(screen, {
    'display-added': (_event, display) => report({ type: 'added', count: screen.getAllDisplays().length, label: labelOf(display) }),
    'display-removed': (_event, display) => report({ type: 'removed', count: screen.getAllDisplays().length, label: labelOf(display) }),
  });
}

/** powerMonitor suspend/resume -> `suspend-resume` with how long the machine slept. */
export function watchSuspend(powerMonitor: Emitter<'suspend' | 'resume'>, opts: { clock: Clock; onViolation: ViolationSink }): () => void {
  let state = INITIAL_SUSPEND_STATE;
  const apply = (type: 'suspend' | 'resume') => {
    const step = suspendStep(state, { type, wallAt: opts.clock.wallNow() });
    state = step.state;
    if (step.violation) opts.onViolation(step.violation);
  };
  return listen(powerMonitor, { suspend: () => apply('suspend'), resume: () => apply('resume') });
}

/** Keeps the display awake for the whole exam (a dimmed screen mid-essay is not a lockdown feature). */
export function preventDisplaySleep(powerSaveBlocker: { start(type: 'prevent-display-sleep'): number; stop(id: number): unknown; isStarted(id: number): boolean }): () => void {
  const id = powerSaveBlocker.start('prevent-display-sleep');
  return () => {
    if (powerSaveBlocker.isStarted(id)) powerSaveBlocker.stop(id);
  };
}

/**
 * Empties the clipboard (and on Linux the middle-click selection), at the start of the exam so
 * nothing prepared beforehand can be pasted, and at the end so nothing of the exam leaves with it.
 */
export function clearClipboard(clipboard: { clear(type?: 'selection' | 'clipboard'): void }, platform: NodeJS.Platform): void {
  clipboard.clear();
  if (platform === 'linux') clipboard.clear('selection');
}
