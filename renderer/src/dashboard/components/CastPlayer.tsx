import { useEffect, useId, useRef, useState } from 'react';
import type { Terminal } from '@xterm/xterm';
import { loadXterm } from '../../terminal/loadXterm.js';
import type { Cast } from '../lib/asciicast.js';
import { createPlayback, SPEEDS, type Playback, type PlaybackState } from '../lib/castPlayback.js';
import { formatClock } from '../lib/format.js';

/**
 * Replays one terminal recording in a read-only xterm.js: play/pause, restart and speed. Idle
 * stretches are shortened (see castPlayback.ts), so the duration shown is the replay's.
 */
export function CastPlayer({ cast, title }: { cast: Cast; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  const playback = useRef<Playback | null>(null);
  const [state, setState] = useState<PlaybackState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    let disposed = false;
    let term: Terminal | null = null;
    void loadXterm().then(
      ({ Terminal }) => {
        if (disposed || !host.current) return;
        term = new Terminal({ cols: cast.width, rows: cast.height, disableStdin: true, cursorBlink: false, convertEol: false, scrollback: 5000 });
        term.open(host.current);
        const t = term;
        playback.current = createPlayback({
          cast,
          target: { write: (d) => t.write(d), resize: (c, r) => t.resize(Math.max(2, c), Math.max(1, r)), reset: () => t.reset() },
          onState: setState,
        });
        setState(playback.current.state());
      },
      (failure: unknown) => {
        if (!disposed) setError(`The terminal player could not load: ${failure instanceof Error ? failure.message : String(failure)}`);
      },
    );
    return () => {
      disposed = true;
      playback.current?.dispose();
      playback.current = null;
      term?.dispose();
    };
  }, [cast]);

  const p = playback.current;
  const play = () => {
    // xterm.js does not draw while off screen: bring the whole terminal into view first.
    host.current?.scrollIntoView({ block: 'nearest' });
    p?.play();
  };
  return (
    <div className="cast-player" data-testid="cast-player">
      <div className="cast-controls" role="group" aria-label={`Replay controls: ${title}`}>
        <button type="button" className="button button--small" onClick={() => (state?.playing ? p?.pause() : play())} disabled={!state} data-testid="cast-play">
          {state?.playing ? 'Pause' : state?.ended ? 'Play again' : 'Play'}
        </button>
        <button type="button" className="button button--small" onClick={() => p?.restart()} disabled={!state}>
          Restart
        </button>
        <label className="cast-speed" htmlFor={`${id}-speed`}>
          Speed
        </label>
        <select id={`${id}-speed`} className="input input--compact" value={state?.speed ?? 1} onChange={(e) => p?.setSpeed(Number(e.target.value))} disabled={!state}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
        <span className="meta cast-position" data-testid="cast-position">
          {state ? `${formatClock(state.position * 1000)} / ${formatClock(state.duration * 1000)}` : 'Loading…'}
        </span>
      </div>
      {error ? <p role="alert">{error}</p> : null}
      {cast.skipped > 0 ? <p className="meta">{cast.skipped} damaged line(s) of the recording were skipped.</p> : null}
      <div ref={host} className="cast-screen" role="region" aria-label={`Terminal replay: ${title}`} />
    </div>
  );
}
