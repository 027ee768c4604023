import { compressIdle, type Cast, type CastEvent } from './asciicast.js';

/**
 * Plays an asciicast into a terminal: output events are written when their time comes (scaled by
 * the speed), resizes resize it, input and markers are skipped (the output already echoes what was
 * typed). Long idle gaps are shortened to IDLE_LIMIT_S, as asciinema does by default.
 */
export const IDLE_LIMIT_S = 2;
export const SPEEDS = [0.5, 1, 2, 4, 8] as const;

export interface PlaybackTarget {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  reset(): void;
}

export interface PlaybackState {
  playing: boolean;
  /** Seconds into the (idle-compressed) recording. */
  position: number;
  duration: number;
  ended: boolean;
  speed: number;
}

export interface Playback {
  play(): void;
  pause(): void;
  restart(): void;
  setSpeed(speed: number): void;
  state(): PlaybackState;
  dispose(): void;
}

export interface PlaybackOptions {
  cast: Cast;
  target: PlaybackTarget;
  onState?(state: PlaybackState): void;
  idleLimit?: number;
  /** Milliseconds, monotonic. */
  now?(): number;
}

export function createPlayback(options: PlaybackOptions): Playback {
  const now = options.now ?? (() => performance.now());
  const events: CastEvent[] = compressIdle(
    options.cast.events.filter((e) => e.code === 'o' || e.code === 'r'),
    options.idleLimit ?? IDLE_LIMIT_S,
  );
  const duration = events.length ? (events[events.length - 1] as CastEvent).t : 0;
  let index = 0;
  let base = 0; // recording seconds at `startedAt`
  let startedAt = 0;
  let playing = false;
  let speed = 1;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const position = () => (playing ? Math.min(duration, base + ((now() - startedAt) / 1000) * speed) : base);
  const snapshot = (): PlaybackState => ({ playing, position: position(), duration, ended: index >= events.length, speed });
  const emit = () => options.onState?.(snapshot());

  function begin(): void {
    options.target.reset();
    options.target.resize(options.cast.width, options.cast.height);
    index = 0;
    base = 0;
  }

  function tick(): void {
    timer = null;
    if (!playing) return;
    const at = position();
    let out = '';
    while (index < events.length && (events[index] as CastEvent).t <= at) {
      const e = events[index] as CastEvent;
      if (e.code === 'o') {
        out += e.data;
      } else {
        if (out) options.target.write(out);
        out = '';
        const size = /^(\d+)x(\d+)$/.exec(e.data);
        if (size) options.target.resize(Number(size[1]), Number(size[2]));
      }
      index++;
    }
    if (out) options.target.write(out);
    if (index >= events.length) {
      base = duration;
      playing = false;
      emit();
      return;
    }
    const wait = (((events[index] as CastEvent).t - at) / speed) * 1000;
    timer = setTimeout(tick, Math.max(0, Math.min(wait, 1000)));
    emit();
  }

  function stopTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  begin();

  return {
    play() {
      if (playing) return;
      if (index >= events.length) begin();
      playing = true;
      startedAt = now();
      tick();
    },
    pause() {
      if (!playing) return;
      base = position();
      playing = false;
      stopTimer();
      emit();
    },
    restart() {
      const wasPlaying = playing;
      stopTimer();
      playing = false;
      begin();
      if (wasPlaying) {
        playing = true;
        startedAt = now();
        tick();
      } else {
        emit();
      }
    },
    setSpeed(next) {
      base = position();
      startedAt = now();
      speed = next;
      if (playing) {
        stopTimer();
        tick();
      } else {
        emit();
      }
    },
    state: snapshot,
    dispose() {
      stopTimer();
      playing = false;
    },
  };
}
