import { describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../../../electron/core/attempt/clock.js';
import {
  ExamTimer,
  restoreTimer,
  runTimer,
  startTimer,
  timerSnapshotSchema,
  type IntervalScheduler,
  type TimerEvent,
  type TimerTiming,
} from '../../../../../electron/core/attempt/timer.js';
import { VigilError } from '../../../../../shared/errors.js';

const MIN = 60_000;
const active = (durationMinutes: number, warnAtMinutes: number[] = []): TimerTiming => ({ durationMinutes, clock: 'active', warnAtMinutes });
const deadline = (durationMinutes: number, warnAtMinutes: number[] = []): TimerTiming => ({ durationMinutes, clock: 'deadline', warnAtMinutes });

/** Step the clock in ticks of `stepMs`, collecting every event. */
function run(timer: ExamTimer, clock: ManualClock, totalMs: number, stepMs = 1_000): TimerEvent[] {
  const events: TimerEvent[] = [];
  for (let t = 0; t < totalMs; t += stepMs) {
    clock.advance(Math.min(stepMs, totalMs - t));
    events.push(...timer.tick());
  }
  return events;
}

/** A checkpoint as it comes back from the journal: through JSON. */
const viaJournal = (timer: ExamTimer): unknown => JSON.parse(JSON.stringify(timer.checkpoint()));

function expectVigil(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VigilError);
    expect((e as VigilError).code).toBe(code);
    return;
  }
  throw new Error(`expected VigilError(${code})`);
}

describe('exam timer: counting', () => {
  it('counts down on the monotonic clock', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(30) });
    expect(timer.durationMs()).toBe(30 * MIN);
    expect(timer.remainingMs()).toBe(30 * MIN);
    clock.advance(90_000);
    expect(timer.elapsedMs()).toBe(90_000);
    expect(timer.remainingMs()).toBe(30 * MIN - 90_000);
    expect(timer.isExpired()).toBe(false);
  });

  it('active clock: stops while paused, keeps running while locked (a lock never stops the clock)', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(30) });
    clock.advance(MIN);
    timer.setState('paused');
    clock.advance(10 * MIN);
    expect(timer.remainingMs()).toBe(29 * MIN);
    timer.setState('locked');
    clock.advance(5 * MIN);
    expect(timer.remainingMs()).toBe(24 * MIN);
    timer.setState('in-progress');
    clock.advance(MIN);
    expect(timer.remainingMs()).toBe(23 * MIN);
  });

  it('deadline clock: keeps running while locked, credits a proctor pause back', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30) });
    clock.advance(MIN);
    timer.setState('locked');
    clock.advance(5 * MIN);
    expect(timer.remainingMs()).toBe(24 * MIN);
    timer.setState('paused');
    clock.advance(10 * MIN);
    expect(timer.remainingMs()).toBe(24 * MIN);
    timer.setState('in-progress');
    clock.advance(MIN);
    expect(timer.remainingMs()).toBe(23 * MIN);
    expect(timer.checkpoint().pausedMs).toBe(10 * MIN);
  });

  it('freezes once the attempt is submitted', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(10) });
    clock.advance(MIN);
    timer.setState('submitted');
    const events = run(timer, clock, 20 * MIN, MIN);
    expect(timer.remainingMs()).toBe(9 * MIN);
    expect(events).toEqual([]);
  });

  it('applies the accommodation factor to the base duration, not to added time', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(60), factor: 1.25 });
    expect(timer.durationMs()).toBe(75 * MIN);
    timer.addTime(10);
    expect(timer.durationMs()).toBe(85 * MIN);
    expect(timer.extraMs).toBe(10 * MIN);
    clock.advance(80 * MIN);
    expect(timer.remainingMs()).toBe(5 * MIN);
  });

  it('rejects factors below 1 or absurdly large, and bad add-time', () => {
    const clock = createManualClock();
    expectVigil(() => startTimer(clock, { timing: active(60), factor: 0.5 }), 'invalid-params');
    expectVigil(() => startTimer(clock, { timing: active(60), factor: 12.5 }), 'invalid-params');
    expectVigil(() => startTimer(clock, { timing: active(60), factor: Number.NaN }), 'invalid-params');
    const timer = startTimer(clock, { timing: active(60) });
    expectVigil(() => timer.addTime(0), 'invalid-params');
    expectVigil(() => timer.addTime(-5), 'invalid-params');
    expectVigil(() => timer.addTime(Number.POSITIVE_INFINITY), 'invalid-params');
    expect(timer.durationMs()).toBe(60 * MIN);
  });

  it('add-time extends a running deadline exam too', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(10) });
    clock.advance(9 * MIN);
    timer.addTime(5);
    expect(timer.remainingMs()).toBe(6 * MIN);
  });
});

describe('exam timer: warnings and time-up', () => {
  it('warns once at each threshold, then time-up exactly once', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(12, [10, 5, 1]) });
    const events = run(timer, clock, 20 * MIN);
    expect(events).toEqual([
      { type: 'warn', minutes: 10, remainingMs: 10 * MIN },
      { type: 'warn', minutes: 5, remainingMs: 5 * MIN },
      { type: 'warn', minutes: 1, remainingMs: 1 * MIN },
      { type: 'time-up' },
    ]);
    expect(timer.isExpired()).toBe(true);
    expect(timer.remainingMs()).toBe(0);
    expect(timer.tick()).toEqual([]);
  });

  it('never announces a threshold at or above the whole duration', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(5, [10, 5, 1]) });
    const events = run(timer, clock, 6 * MIN);
    expect(events.filter((e) => e.type === 'warn')).toEqual([{ type: 'warn', minutes: 1, remainingMs: MIN }]);
  });

  it('announces only the smallest of several thresholds crossed at once', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(20, [10, 5, 1]) });
    clock.advance(16 * MIN);
    expect(timer.tick()).toEqual([{ type: 'warn', minutes: 5, remainingMs: 4 * MIN }]);
    expect(run(timer, clock, 3 * MIN)).toEqual([{ type: 'warn', minutes: 1, remainingMs: MIN }]);
  });

  it('re-arms warnings that add-time pushed into the future', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(12, [10, 5]) });
    expect(run(timer, clock, 8 * MIN).filter((e) => e.type === 'warn').map((e) => (e.type === 'warn' ? e.minutes : 0))).toEqual([10, 5]);
    timer.addTime(3); // 7 minutes left: 5 is in the future again, 10 is not
    const later = run(timer, clock, 7 * MIN);
    expect(later).toEqual([{ type: 'warn', minutes: 5, remainingMs: 5 * MIN }, { type: 'time-up' }]);
  });

  it('refuses add-time once time-up was announced', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(1) });
    clock.advance(MIN);
    expect(timer.tick()).toEqual([{ type: 'time-up' }]);
    expectVigil(() => timer.addTime(5), 'invalid-state');
  });

  it('add-time before the expiry was noticed saves the attempt', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(1) });
    clock.advance(MIN + 500);
    timer.addTime(1);
    expect(timer.tick()).toEqual([]);
    expect(timer.remainingMs()).toBe(MIN - 500);
  });

  it('time-up fires in a locked deadline exam (the caller submits from locked)', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(2) });
    timer.setState('locked');
    expect(run(timer, clock, 3 * MIN)).toEqual([{ type: 'time-up' }]);
  });
});

describe('exam timer: clock jumps', () => {
  it.each([
    ['forwards', 3_600_000],
    ['backwards', -3_600_000],
  ])('detects a wall clock jump %s and keeps the remaining time', (_dir, jump) => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30) });
    run(timer, clock, 5 * MIN);
    clock.jumpWall(jump);
    clock.advance(1_000);
    const events = timer.tick();
    expect(events).toEqual([{ type: 'violation', violation: { kind: 'clock-jump', severity: 'warning', detail: { jumpMs: jump } } }]);
    expect(timer.remainingMs()).toBe(25 * MIN - 1_000);
    expect(run(timer, clock, MIN)).toEqual([]);
  });

  it('ignores drift up to 2 s between ticks', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(30) });
    clock.advance(1_000);
    clock.jumpWall(2_000);
    expect(timer.tick()).toEqual([]);
    clock.advance(1_000);
    clock.jumpWall(-2_001);
    expect(timer.tick()).toEqual([{ type: 'violation', violation: { kind: 'clock-jump', severity: 'warning', detail: { jumpMs: -2_001 } } }]);
  });

  it('a jump in an active exam does not change the remaining time either', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(30) });
    clock.advance(MIN);
    clock.jumpWall(-10 * MIN);
    const events = timer.tick();
    expect(events).toHaveLength(1);
    expect(timer.remainingMs()).toBe(29 * MIN);
  });
});

describe('exam timer: checkpoint and restore', () => {
  it('checkpoints a schema-valid, JSON-safe snapshot', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(30, [10, 5]), factor: 1.5 });
    clock.advance(12_345);
    const snap = timer.checkpoint();
    expect(timerSnapshotSchema.parse(JSON.parse(JSON.stringify(snap)))).toEqual(snap);
    expect(snap).toMatchObject({ v: 1, clock: 'active', elapsedMs: 12_345, factor: 1.5, extraMs: 0, state: 'in-progress', lastCheckpointWall: clock.wallNow(), lastCheckpointMono: clock.monoNow() });
  });

  it('active: the time the app was closed does not count', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(30) });
    clock.advance(10 * MIN);
    const snap = viaJournal(timer);
    clock.advance(60 * MIN); // closed for an hour
    clock.restartMono(123);
    const restored = restoreTimer(snap, clock);
    expect(restored.remainingMs()).toBe(20 * MIN);
    clock.advance(MIN);
    expect(restored.remainingMs()).toBe(19 * MIN);
  });

  it('deadline: the time the app was closed counts', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30) });
    clock.advance(10 * MIN);
    const snap = viaJournal(timer);
    clock.advance(15 * MIN);
    clock.restartMono(5);
    const restored = restoreTimer(snap, clock);
    expect(restored.remainingMs()).toBe(5 * MIN);
    expect(restored.startedAtWall).toBe(timer.startedAtWall);
  });

  it('deadline: a restore while paused credits the closed time', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30) });
    clock.advance(10 * MIN);
    timer.setState('paused');
    clock.advance(MIN);
    const snap = viaJournal(timer);
    clock.advance(15 * MIN);
    clock.restartMono();
    const restored = restoreTimer(snap, clock);
    expect(restored.remainingMs()).toBe(20 * MIN);
    restored.setState('in-progress');
    clock.advance(MIN);
    expect(restored.remainingMs()).toBe(19 * MIN);
  });

  it('uses the current attempt state over the checkpoint state', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30) });
    clock.advance(10 * MIN);
    const snap = viaJournal(timer); // in-progress
    clock.advance(5 * MIN);
    clock.restartMono();
    const paused = restoreTimer(snap, clock, { state: 'paused' });
    expect(paused.remainingMs()).toBe(20 * MIN);
    expect(paused.state).toBe('paused');
    const submitted = restoreTimer(snap, clock, { state: 'submitted' });
    expect(submitted.remainingMs()).toBe(20 * MIN);
  });

  it('does not re-announce warnings announced before the restart', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(12, [10, 5, 1]) });
    expect(run(timer, clock, 8 * MIN).filter((e) => e.type === 'warn')).toHaveLength(2);
    const snap = viaJournal(timer);
    clock.restartMono();
    const restored = restoreTimer(snap, clock);
    const events = run(restored, clock, 5 * MIN);
    expect(events).toEqual([{ type: 'warn', minutes: 1, remainingMs: MIN }, { type: 'time-up' }]);
  });

  it('announces time-up again if the app died before submitting', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(1) });
    expect(run(timer, clock, 2 * MIN)).toEqual([{ type: 'time-up' }]);
    const snap = viaJournal(timer);
    clock.restartMono();
    const restored = restoreTimer(snap, clock);
    expect(restored.tick()).toEqual([{ type: 'time-up' }]);
    expect(restored.tick()).toEqual([]);
    expect(restoreTimer(snap, clock, { state: 'submitted' }).tick()).toEqual([]);
  });

  it('deadline: time-up after a restart past the deadline', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30, [5]) });
    clock.advance(20 * MIN);
    const snap = viaJournal(timer);
    clock.advance(60 * MIN);
    clock.restartMono();
    const restored = restoreTimer(snap, clock);
    expect(restored.isExpired()).toBe(true);
    expect(restored.tick()).toEqual([{ type: 'time-up' }]);
  });

  it('reports a wall clock set back while the app was closed and gives no time for it', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30) });
    clock.advance(10 * MIN);
    const snap = viaJournal(timer);
    clock.advance(5 * MIN);
    clock.jumpWall(-60 * MIN);
    clock.restartMono();
    const restored = restoreTimer(snap, clock);
    expect(restored.remainingMs()).toBe(20 * MIN);
    expect(restored.tick()).toEqual([{ type: 'violation', violation: { kind: 'clock-jump', severity: 'warning', detail: { jumpMs: -55 * MIN } } }]);
    expect(restored.tick()).toEqual([]);
  });

  it('a clock set back during the session gains nothing after a restart', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30) });
    clock.advance(5 * MIN);
    clock.jumpWall(-60 * MIN);
    clock.advance(1_000);
    expect(timer.tick()).toHaveLength(1);
    const snap = viaJournal(timer);
    clock.advance(2 * MIN);
    clock.restartMono();
    const restored = restoreTimer(snap, clock);
    // At most the closed time is lost to the candidate's advantage, never the hour.
    expect(restored.remainingMs()).toBeLessThanOrEqual(25 * MIN - 1_000);
    expect(restored.remainingMs()).toBeGreaterThanOrEqual(23 * MIN - 1_000);
  });

  it('rejects an unreadable checkpoint with a storage error', () => {
    const clock = createManualClock();
    expectVigil(() => restoreTimer({ v: 1, clock: 'active' }, clock), 'storage');
    expectVigil(() => restoreTimer('garbage', clock), 'storage');
  });
});

describe('exam timer: hub time', () => {
  it('deadline: once connected, the hub time decides the remaining time', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30), serverOffsetMs: 0 });
    clock.advance(10 * MIN);
    // The local wall clock turns out to run 3 minutes slow relative to the hub now.
    timer.setServerOffset(3 * MIN);
    expect(timer.remainingMs()).toBe(17 * MIN);
    timer.setServerOffset(0);
    expect(timer.remainingMs()).toBe(20 * MIN);
  });

  it('deadline: remaining = start + duration + paused - (wall + offset)', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30), serverOffsetMs: 60_000 });
    expect(timer.startedAtWall).toBe(clock.wallNow() + 60_000);
    clock.advance(5 * MIN);
    timer.setState('paused');
    clock.advance(2 * MIN);
    timer.setState('in-progress');
    clock.advance(MIN);
    clock.jumpWall(7_000);
    timer.setServerOffset(60_000 - 7_000); // the hub's reply corrects for the local jump
    const expected = timer.startedAtWall + 30 * MIN + 2 * MIN - (clock.wallNow() + 53_000);
    expect(timer.remainingMs()).toBe(expected);
    expect(expected).toBe(24 * MIN);
  });

  it('deadline started offline: first contact rebases the start without a jump', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30) });
    const localStart = timer.startedAtWall;
    clock.advance(10 * MIN);
    timer.setServerOffset(-4 * MIN);
    expect(timer.remainingMs()).toBe(20 * MIN);
    expect(timer.startedAtWall).toBe(localStart - 4 * MIN);
    expect(timer.serverOffsetMs).toBe(-4 * MIN);
    clock.advance(MIN);
    timer.setServerOffset(-4 * MIN + 30_000);
    expect(timer.remainingMs()).toBe(19 * MIN - 30_000);
  });

  it('deadline: the hub corrects time lost while the machine slept (monotonic clock stopped)', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30), serverOffsetMs: 0 });
    clock.advance(5 * MIN);
    clock.jumpWall(10 * MIN); // suspend: the wall clock moved, the monotonic clock did not
    expect(timer.tick()).toHaveLength(1);
    expect(timer.remainingMs()).toBe(25 * MIN);
    timer.setServerOffset(0);
    expect(timer.remainingMs()).toBe(15 * MIN);
  });

  it('active: the hub offset never changes the remaining time', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(30), serverOffsetMs: 0 });
    clock.advance(10 * MIN);
    timer.setServerOffset(5 * MIN);
    expect(timer.remainingMs()).toBe(20 * MIN);
    expectVigil(() => timer.setServerOffset(Number.NaN), 'invalid-params');
  });

  it('the offset survives a restart so the deadline stays in hub time', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: deadline(30), serverOffsetMs: 2 * MIN });
    clock.advance(10 * MIN);
    const snap = viaJournal(timer);
    clock.advance(5 * MIN);
    clock.restartMono();
    const restored = restoreTimer(snap, clock);
    expect(restored.serverOffsetMs).toBe(2 * MIN);
    expect(restored.remainingMs()).toBe(15 * MIN);
  });
});

describe('runTimer', () => {
  function fakeScheduler(): IntervalScheduler & { fire(): void; active: boolean; ms: number } {
    let fn: (() => void) | null = null;
    const s = {
      active: false,
      ms: 0,
      setInterval(f: () => void, ms: number) {
        fn = f;
        s.active = true;
        s.ms = ms;
        return 1;
      },
      clearInterval() {
        s.active = false;
      },
      fire() {
        if (s.active && fn) fn();
      },
    };
    return s;
  }

  it('ticks on the interval, checkpoints every 5 s of monotonic time, stops', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(1, [0.5]) });
    const scheduler = fakeScheduler();
    const events: TimerEvent[] = [];
    const checkpoints: number[] = [];
    const handle = runTimer(timer, clock, { scheduler, onEvents: (e) => events.push(...e), onCheckpoint: (s) => checkpoints.push(s.elapsedMs) });
    expect(scheduler.ms).toBe(1_000);
    for (let i = 0; i < 12; i++) {
      clock.advance(1_000);
      scheduler.fire();
    }
    expect(checkpoints).toEqual([5_000, 10_000]);
    for (let i = 0; i < 60; i++) {
      clock.advance(1_000);
      scheduler.fire();
    }
    expect(events).toEqual([{ type: 'warn', minutes: 0.5, remainingMs: 30_000 }, { type: 'time-up' }]);
    handle.stop();
    expect(scheduler.active).toBe(false);
    const before = checkpoints.length;
    clock.advance(10_000);
    handle.tickNow();
    expect(checkpoints.length).toBe(before);
  });

  it('routes callback failures to onError when given', () => {
    const clock = createManualClock();
    const timer = startTimer(clock, { timing: active(1) });
    const scheduler = fakeScheduler();
    const errors: unknown[] = [];
    runTimer(timer, clock, {
      scheduler,
      onEvents: () => undefined,
      onCheckpoint: () => {
        throw new Error('disk full');
      },
      onError: (e) => errors.push(e),
    });
    clock.advance(5_000);
    scheduler.fire();
    expect(errors).toHaveLength(1);
    const noHandler = runTimer(timer, clock, { scheduler: fakeScheduler(), onEvents: () => undefined, onCheckpoint: () => { throw new Error('boom'); } });
    clock.advance(5_000);
    expect(() => noHandler.tickNow()).toThrow('boom');
  });
});
