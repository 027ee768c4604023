import { z } from 'zod';
import { VigilError } from '../../../shared/errors.js';
import { attemptStateSchema, isFinished, type AttemptState } from '../../../shared/lifecycle.js';
import type { Exam } from '../../../shared/exam/examSchema.js';
import type { Clock } from './clock.js';

/**
 * The exam timer (DESIGN 5, "Timing"): pure logic over an injected clock. Nothing here schedules
 * itself; `runTimer` below is the thin wrapper that calls `tick()` on an injected interval.
 *
 * How time is counted
 * - Time is always *measured* on the monotonic clock. Each call folds the monotonic time since the
 *   previous call into the counter the current state feeds, so a wall-clock change can neither give
 *   nor take exam time. `tick()` still compares the wall and monotonic deltas and reports a jump of
 *   more than 2 s as a `clock-jump` violation for the journal.
 * - `active` clock: time counts while `in-progress` and while `locked` (a lock never stops the
 *   clock: shared/lockClock.ts). Paused and closed-app time do not count; after a restart
 *   `restore` continues from the checkpointed elapsed time.
 * - `deadline` clock: wall time from the start counts, also while `locked` and while the app is
 *   closed (restore adds the closed span, measured on the wall clock since the last checkpoint).
 *   A proctor *pause* is the exception: its span is credited back (`pausedMs`), because a pause is
 *   the proctor stopping the exam for everyone's sake (an alarm, a power cut), while a lock is a
 *   sanction or policy response that must not stop the clock. A restore while paused credits the
 *   closed span too.
 * - Hub time (`setServerOffset`): when an attempt starts with the hub's offset known, its start is
 *   recorded in hub time. On every later offset update a deadline clock recomputes its elapsed time
 *   as `hub now - start - pausedMs`, so the hub's time wins (remaining = deadline - (wall + offset)).
 *   An attempt started offline is rebased into hub time on first contact without changing its
 *   remaining time (we cannot know which clock was wrong at the start); later updates then govern.
 *   The monotonic clock does not run during a machine suspend, so for a deadline exam a suspend is
 *   only counted once the hub resynchronises it or the app restarts; until then it shows up as a
 *   forward `clock-jump` violation that the proctor sees.
 * - A restore never counts a negative closed span: a wall clock set back while the app was closed
 *   cannot return time (it is reported as a clock-jump instead). The worst a candidate can get by
 *   doing so is that a deadline clock treats the closed time like an active clock does, until the
 *   hub resynchronises.
 *
 * Warnings fire once each, when the remaining time first reaches a `warnAtMinutes` threshold; the
 * set of announced thresholds is checkpointed so a restart does not repeat them. If several
 * thresholds are crossed at once (after a restart) only the smallest one is announced. Thresholds
 * at or above the whole duration are never announced. `addTime` re-arms thresholds that are in the
 * future again, so the candidate hears "5 minutes left" again after the proctor adds time.
 * `time-up` fires once per timer; it is not checkpointed on purpose: if the app died between
 * time-up and the submit, the restored timer announces it again and the submit happens then.
 */

export const CLOCK_JUMP_THRESHOLD_MS = 2_000;
export const TIMER_CHECKPOINT_EVERY_MS = 5_000;
export const TIMER_TICK_EVERY_MS = 1_000;
/** Accommodation factors above this are almost certainly a typo (12.5 for 1.25). */
export const MAX_TIME_FACTOR = 4;
const MAX_ADD_MINUTES = 24 * 60;
const MINUTE_MS = 60_000;

export type ExamClockKind = Exam['timing']['clock'];
export type TimerTiming = Pick<Exam['timing'], 'durationMinutes' | 'clock' | 'warnAtMinutes'>;

/** The `timer` journal entry's data: everything `restore` needs after a restart. */
export const timerSnapshotSchema = z.strictObject({
  v: z.literal(1),
  clock: z.enum(['active', 'deadline']),
  durationMinutes: z.number().positive(),
  factor: z.number().min(1).max(MAX_TIME_FACTOR),
  extraMs: z.int().nonnegative(),
  warnAtMinutes: z.array(z.number().positive()),
  /** The attempt state when the checkpoint was taken (restore may be told the current one). */
  state: attemptStateSchema,
  /** Epoch ms of the start, in hub time once `serverOffsetMs` is known. */
  startedAtWall: z.number(),
  /** The last known hub offset (hub time - local wall time), or null if never connected. */
  serverOffsetMs: z.number().nullable(),
  /** Counted exam time: active = in-progress time; deadline = time since start minus pausedMs. */
  elapsedMs: z.number().nonnegative(),
  /** Deadline clock: proctor-pause time credited back. Always 0 for an active clock. */
  pausedMs: z.number().nonnegative(),
  /** Warning thresholds (minutes) already announced or already passed. */
  warned: z.array(z.number().positive()),
  /** Local wall clock and monotonic clock at the checkpoint. */
  lastCheckpointWall: z.number(),
  lastCheckpointMono: z.number(),
});
export type TimerSnapshot = z.infer<typeof timerSnapshotSchema>;

export interface ClockJumpViolation {
  kind: 'clock-jump';
  severity: 'warning';
  /** Wall-clock movement beyond the monotonic clock: positive = forward, negative = back. */
  detail: { jumpMs: number };
}

export type TimerEvent =
  | { type: 'warn'; minutes: number; remainingMs: number }
  | { type: 'time-up' }
  | { type: 'violation'; violation: ClockJumpViolation };

/** What the current state does to the clock: count exam time, credit it back, or nothing. */
type Phase = 'counting' | 'credited' | 'stopped';

function phaseOf(clock: ExamClockKind, state: AttemptState): Phase {
  if (state === 'in-progress') return 'counting';
  // A lock never stops the clock, whichever kind (shared/lockClock.ts); only a pause does.
  if (state === 'locked') return 'counting';
  if (state === 'paused') return clock === 'deadline' ? 'credited' : 'stopped';
  // Before the start the timer does not exist; after the submit it is frozen.
  return 'stopped';
}

function normaliseThresholds(minutes: readonly number[]): number[] {
  return [...new Set(minutes)].sort((a, b) => b - a);
}

function checkFactor(factor: number): void {
  if (!(Number.isFinite(factor) && factor >= 1 && factor <= MAX_TIME_FACTOR)) {
    throw new VigilError('invalid-params', `the time factor must be between 1 and ${MAX_TIME_FACTOR} (got ${factor})`, { factor });
  }
}

interface TimerFields {
  clockKind: ExamClockKind;
  durationMinutes: number;
  factor: number;
  extraMs: number;
  thresholds: number[];
  state: AttemptState;
  startedAtWall: number;
  serverOffsetMs: number | null;
  elapsedMs: number;
  pausedMs: number;
  warned: Set<number>;
  pendingViolation: ClockJumpViolation | null;
}

export class ExamTimer {
  private readonly clock: Clock;
  private readonly f: TimerFields;
  /** Monotonic reading up to which time has been folded into the counters. */
  private foldedMono: number;
  /** The previous tick's readings, for clock-jump detection. */
  private prevTickWall: number;
  private prevTickMono: number;
  private timeUpAnnounced = false;

  /** Use `startTimer` or `restoreTimer`. */
  private constructor(clock: Clock, fields: TimerFields) {
    this.clock = clock;
    this.f = fields;
    this.foldedMono = clock.monoNow();
    this.prevTickMono = this.foldedMono;
    this.prevTickWall = clock.wallNow();
  }

  /** The timer of an attempt entering `in-progress` now. */
  static start(
    clock: Clock,
    opts: { timing: TimerTiming; factor?: number; extraMs?: number; serverOffsetMs?: number | null },
  ): ExamTimer {
    const factor = opts.factor ?? 1;
    checkFactor(factor);
    const extraMs = Math.round(opts.extraMs ?? 0);
    if (!(extraMs >= 0)) throw new VigilError('invalid-params', `extra time must not be negative (got ${extraMs} ms)`);
    const serverOffsetMs = opts.serverOffsetMs ?? null;
    const thresholds = normaliseThresholds(opts.timing.warnAtMinutes);
    const timer = new ExamTimer(clock, {
      clockKind: opts.timing.clock,
      durationMinutes: opts.timing.durationMinutes,
      factor,
      extraMs,
      thresholds,
      state: 'in-progress',
      startedAtWall: clock.wallNow() + (serverOffsetMs ?? 0),
      serverOffsetMs,
      elapsedMs: 0,
      pausedMs: 0,
      warned: new Set(),
      pendingViolation: null,
    });
    const duration = timer.durationMs();
    // "10 minutes left" at the start of a 5-minute exam would be noise.
    for (const m of thresholds) if (m * MINUTE_MS >= duration) timer.f.warned.add(m);
    return timer;
  }

  /**
   * The timer after a restart. `state` is the attempt's current state from the store when it
   * differs from the checkpoint's (the journal is the truth; a checkpoint may be up to 5 s old).
   */
  static restore(snapshot: unknown, clock: Clock, opts: { state?: AttemptState } = {}): ExamTimer {
    const parsed = timerSnapshotSchema.safeParse(snapshot);
    if (!parsed.success) {
      throw new VigilError('storage', 'the timer checkpoint is unreadable', { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) });
    }
    const s = parsed.data;
    const state = opts.state ?? s.state;
    const wall = clock.wallNow();
    let elapsedMs = s.elapsedMs;
    let pausedMs = s.pausedMs;
    if (s.clock === 'deadline') {
      const phase = phaseOf('deadline', state);
      if (phase !== 'stopped') {
        const checkpointAt = s.startedAtWall + s.elapsedMs + s.pausedMs;
        const closedMs = Math.max(0, wall + (s.serverOffsetMs ?? 0) - checkpointAt);
        if (phase === 'counting') elapsedMs += closedMs;
        else pausedMs += closedMs;
      }
    }
    const backMs = wall - s.lastCheckpointWall;
    const pendingViolation: ClockJumpViolation | null =
      backMs < -CLOCK_JUMP_THRESHOLD_MS ? { kind: 'clock-jump', severity: 'warning', detail: { jumpMs: backMs } } : null;
    return new ExamTimer(clock, {
      clockKind: s.clock,
      durationMinutes: s.durationMinutes,
      factor: s.factor,
      extraMs: s.extraMs,
      thresholds: normaliseThresholds(s.warnAtMinutes),
      state,
      startedAtWall: s.startedAtWall,
      serverOffsetMs: s.serverOffsetMs,
      elapsedMs,
      pausedMs,
      warned: new Set(s.warned),
      pendingViolation,
    });
  }

  get clockKind(): ExamClockKind {
    return this.f.clockKind;
  }

  get state(): AttemptState {
    return this.f.state;
  }

  get factor(): number {
    return this.f.factor;
  }

  get extraMs(): number {
    return this.f.extraMs;
  }

  get startedAtWall(): number {
    return this.f.startedAtWall;
  }

  get serverOffsetMs(): number | null {
    return this.f.serverOffsetMs;
  }

  /** The whole allowance: `durationMinutes * 60000 * factor + extraMs`. */
  durationMs(): number {
    return Math.round(this.f.durationMinutes * MINUTE_MS * this.f.factor) + this.f.extraMs;
  }

  elapsedMs(): number {
    this.fold();
    return this.f.elapsedMs;
  }

  /** Whole milliseconds left, never negative; 0 exactly when `isExpired()`. */
  remainingMs(): number {
    return Math.max(0, Math.ceil(this.exactRemaining()));
  }

  isExpired(): boolean {
    return this.exactRemaining() <= 0;
  }

  /** Tell the timer the attempt's new state; time up to now is counted under the old one. */
  setState(state: AttemptState): void {
    this.fold();
    this.f.state = state;
  }

  /** Proctor `add-time`. Re-arms warnings whose threshold lies in the future again. */
  addTime(minutes: number): void {
    if (!(Number.isFinite(minutes) && minutes > 0 && minutes <= MAX_ADD_MINUTES)) {
      throw new VigilError('invalid-params', `minutes to add must be more than 0 and at most ${MAX_ADD_MINUTES} (got ${minutes})`, { minutes });
    }
    if (isFinished(this.f.state) || this.timeUpAnnounced) {
      throw new VigilError('invalid-state', 'time can no longer be added: the exam time is over', { state: this.f.state });
    }
    this.fold();
    this.f.extraMs += Math.round(minutes * MINUTE_MS);
    const remaining = this.exactRemaining();
    for (const m of [...this.f.warned]) if (m * MINUTE_MS < remaining) this.f.warned.delete(m);
  }

  /** The hub's time minus the local wall clock, measured by the sync client on each reply. */
  setServerOffset(offsetMs: number): void {
    if (!Number.isFinite(offsetMs)) throw new VigilError('invalid-params', `the server offset must be a finite number (got ${offsetMs})`);
    this.fold();
    const hubNow = this.clock.wallNow() + offsetMs;
    if (this.f.serverOffsetMs === null) {
      // First contact: move the start into hub time so that the remaining time does not jump.
      this.f.startedAtWall = this.f.clockKind === 'deadline' ? hubNow - this.f.elapsedMs - this.f.pausedMs : this.f.startedAtWall + offsetMs;
    } else if (this.f.clockKind === 'deadline' && !isFinished(this.f.state)) {
      this.f.elapsedMs = Math.max(0, hubNow - this.f.startedAtWall - this.f.pausedMs);
    }
    this.f.serverOffsetMs = offsetMs;
  }

  /**
   * Advance the timer: returns what the caller must act on (journal a violation, show a warning,
   * submit with reason `time-up`). Call it about once a second; nothing happens between calls
   * except that `remainingMs()` keeps moving.
   */
  tick(): TimerEvent[] {
    this.fold();
    const wall = this.clock.wallNow();
    const mono = this.foldedMono;
    const jumpMs = wall - this.prevTickWall - (mono - this.prevTickMono);
    this.prevTickWall = wall;
    this.prevTickMono = mono;
    if (isFinished(this.f.state)) return [];

    const events: TimerEvent[] = [];
    if (this.f.pendingViolation) {
      events.push({ type: 'violation', violation: this.f.pendingViolation });
      this.f.pendingViolation = null;
    }
    if (Math.abs(jumpMs) > CLOCK_JUMP_THRESHOLD_MS) {
      events.push({ type: 'violation', violation: { kind: 'clock-jump', severity: 'warning', detail: { jumpMs: Math.round(jumpMs) } } });
    }

    const remaining = this.exactRemaining();
    if (remaining <= 0) {
      if (!this.timeUpAnnounced) {
        this.timeUpAnnounced = true;
        for (const m of this.f.thresholds) this.f.warned.add(m);
        events.push({ type: 'time-up' });
      }
      return events;
    }
    const crossed = this.f.thresholds.filter((m) => !this.f.warned.has(m) && remaining <= m * MINUTE_MS);
    if (crossed.length > 0) {
      for (const m of crossed) this.f.warned.add(m);
      events.push({ type: 'warn', minutes: Math.min(...crossed), remainingMs: Math.ceil(remaining) });
    }
    return events;
  }

  /** The `timer` journal entry's data; journal it every 5 s and after every state change. */
  checkpoint(): TimerSnapshot {
    this.fold();
    return {
      v: 1,
      clock: this.f.clockKind,
      durationMinutes: this.f.durationMinutes,
      factor: this.f.factor,
      extraMs: this.f.extraMs,
      warnAtMinutes: [...this.f.thresholds],
      state: this.f.state,
      startedAtWall: this.f.startedAtWall,
      serverOffsetMs: this.f.serverOffsetMs,
      elapsedMs: this.f.elapsedMs,
      pausedMs: this.f.pausedMs,
      warned: [...this.f.warned].sort((a, b) => b - a),
      lastCheckpointWall: this.clock.wallNow(),
      lastCheckpointMono: this.foldedMono,
    };
  }

  private exactRemaining(): number {
    this.fold();
    return this.durationMs() - this.f.elapsedMs;
  }

  /** Count the monotonic time since the last fold under the current state. */
  private fold(): void {
    const mono = this.clock.monoNow();
    const delta = Math.max(0, mono - this.foldedMono);
    this.foldedMono = mono;
    const phase = phaseOf(this.f.clockKind, this.f.state);
    if (phase === 'counting') this.f.elapsedMs += delta;
    else if (phase === 'credited') this.f.pausedMs += delta;
  }
}

export function startTimer(clock: Clock, opts: Parameters<typeof ExamTimer.start>[1]): ExamTimer {
  return ExamTimer.start(clock, opts);
}

export function restoreTimer(snapshot: unknown, clock: Clock, opts: { state?: AttemptState } = {}): ExamTimer {
  return ExamTimer.restore(snapshot, clock, opts);
}

/** The timer functions `runTimer` needs; the real ones by default, fakes in tests. */
export interface IntervalScheduler {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const globalScheduler: IntervalScheduler = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export interface RunTimerOptions {
  /** Events from a tick, in order; the caller journals violations and submits on time-up. */
  onEvents(events: TimerEvent[]): void;
  /** A snapshot due for the journal, every `checkpointEveryMs` of monotonic time. */
  onCheckpoint(snapshot: TimerSnapshot): void;
  /** Where exceptions thrown by the callbacks go; without it they propagate from the interval. */
  onError?(error: unknown): void;
  tickEveryMs?: number;
  checkpointEveryMs?: number;
  scheduler?: IntervalScheduler;
}

/** Drives a timer: a tick per interval, a checkpoint every 5 s. `stop()` before submitting. */
export function runTimer(timer: ExamTimer, clock: Clock, opts: RunTimerOptions): { stop(): void; tickNow(): void } {
  const scheduler = opts.scheduler ?? globalScheduler;
  const checkpointEveryMs = opts.checkpointEveryMs ?? TIMER_CHECKPOINT_EVERY_MS;
  let lastCheckpointMono = clock.monoNow();
  let stopped = false;

  const step = (): void => {
    if (stopped) return;
    try {
      const events = timer.tick();
      if (events.length > 0) opts.onEvents(events);
      const mono = clock.monoNow();
      if (!stopped && mono - lastCheckpointMono >= checkpointEveryMs) {
        lastCheckpointMono = mono;
        opts.onCheckpoint(timer.checkpoint());
      }
    } catch (error) {
      if (!opts.onError) throw error;
      opts.onError(error);
    }
  };

  const handle = scheduler.setInterval(step, opts.tickEveryMs ?? TIMER_TICK_EVERY_MS);
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      scheduler.clearInterval(handle);
    },
    tickNow: step,
  };
}
