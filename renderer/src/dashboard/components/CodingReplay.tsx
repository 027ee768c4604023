import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Terminal } from '@xterm/xterm';
import type { JournalEntry } from '../../../../shared/journal.js';
import { loadXterm } from '../../terminal/loadXterm.js';
import { codingReplays, frameAt, type CodingReplay, type ReplayFrame } from '../lib/codingReplay.js';
import { formatClock } from '../lib/format.js';

export const REPLAY_SPEEDS = [1, 2, 4, 8, 16] as const;
/** While playing, a quiet stretch longer than this (ms of exam time) is skipped down to it. */
const IDLE_LIMIT_MS = 2000;
const TICK_MS = 100;
const SEEK_STEP_MS = 100;

/** The coding items whose terminal or editor history reached the hub, each replayable. */
export function CodingReplays({ timeline }: { timeline: readonly JournalEntry[] }) {
  const replays = useMemo(() => codingReplays(timeline), [timeline]);
  const [selected, setSelected] = useState<string | null>(null);
  if (replays.length === 0) {
    return (
      <p className="meta" data-testid="no-recordings">
        No terminal recording or editor history has reached the hub for this attempt. Recordings are kept on the candidate’s laptop (
        <code>terminal/&lt;item&gt;-&lt;n&gt;.rec</code> in the attempt folder); <code>vigil cast &lt;file&gt;.rec --out &lt;file&gt;.cast</code> turns one into asciicast for{' '}
        <code>asciinema play</code>.
      </p>
    );
  }
  const current = replays.find((r) => r.itemId === selected) ?? null;
  return (
    <div className="replays">
      <ul className="replay-list">
        {replays.map((r) => (
          <li key={r.itemId}>
            <button type="button" className="button button--small" aria-pressed={current?.itemId === r.itemId} onClick={() => setSelected(r.itemId)} data-testid="replay-item">
              {r.itemId}: {r.sessions.length} terminal session{r.sessions.length === 1 ? '' : 's'}, {r.edits.length} editor save{r.edits.length === 1 ? '' : 's'}{' '}
              <span className="meta">({formatClock(r.endMs - r.startMs)})</span>
            </button>
          </li>
        ))}
      </ul>
      {current ? <CodingReplayPlayer key={current.itemId} replay={current} /> : null}
    </div>
  );
}

/** All event times of a replay, sorted: where playback jumps over quiet stretches. */
function eventTimes(replay: CodingReplay): number[] {
  return [...replay.sessions.flatMap((s) => s.events.map((e) => e.atMs)), ...replay.edits.map((e) => e.atMs)].sort((a, b) => a - b);
}

/**
 * The terminal and the editor side by side on one timeline: a seek bar (a slider: arrows, Page
 * Up/Down, Home/End), play/pause and speed. Seeking redraws both at that moment; the end shows
 * the final frame, and playing again starts over.
 */
export function CodingReplayPlayer({ replay }: { replay: CodingReplay }) {
  const id = useId();
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const shown = useRef<{ session: number; output: string } | null>(null);
  const [termReady, setTermReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [position, setPosition] = useState(replay.startMs);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(4);
  const [pickedFile, setPickedFile] = useState<string | null>(null);
  const times = useMemo(() => eventTimes(replay), [replay]);
  const frame: ReplayFrame = useMemo(() => frameAt(replay, position), [replay, position]);
  const duration = replay.endMs - replay.startMs;
  // The slider's end must be a whole step, or its last position would fall short of the final frame.
  const seekMax = Math.max(SEEK_STEP_MS, Math.ceil(duration / SEEK_STEP_MS) * SEEK_STEP_MS);

  useEffect(() => {
    let disposed = false;
    if (replay.sessions.length === 0) return;
    void loadXterm().then(
      ({ Terminal }) => {
        if (disposed || !host.current) return;
        const first = replay.sessions[0];
        const t = new Terminal({ cols: first?.width ?? 80, rows: first?.height ?? 24, disableStdin: true, cursorBlink: false, scrollback: 5000 });
        t.open(host.current);
        // xterm.js does not draw while off screen: the player opens in view.
        host.current.scrollIntoView({ block: 'nearest' });
        term.current = t;
        setTermReady(true);
      },
      (failure: unknown) => {
        if (!disposed) setError(`The terminal player could not load: ${failure instanceof Error ? failure.message : String(failure)}`);
      },
    );
    return () => {
      disposed = true;
      term.current?.dispose();
      term.current = null;
      shown.current = null;
    };
  }, [replay]);

  // The terminal at this moment: only what is new when playing forward, a redraw after a seek back.
  useEffect(() => {
    const t = term.current;
    if (!t || !termReady) return;
    const next = frame.terminal;
    const prev = shown.current;
    if (!next) {
      if (prev) t.reset();
      shown.current = null;
      return;
    }
    if (prev && prev.session === next.session && next.output.startsWith(prev.output)) {
      t.write(next.output.slice(prev.output.length));
    } else {
      t.reset();
      t.resize(Math.max(2, next.width), Math.max(1, next.height));
      t.write(next.output);
    }
    shown.current = { session: next.session, output: next.output };
  }, [frame, termReady]);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      setPosition((p) => {
        let next = p + TICK_MS * speed;
        const upcoming = times.find((t) => t > p);
        if (upcoming !== undefined && upcoming - next > IDLE_LIMIT_MS) next = upcoming - IDLE_LIMIT_MS;
        if (next >= replay.endMs) {
          // The end is the final frame: it stays on screen.
          setPlaying(false);
          return replay.endMs;
        }
        return next;
      });
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [playing, speed, times, replay.endMs]);

  const play = () => {
    host.current?.scrollIntoView({ block: 'nearest' });
    if (position >= replay.endMs) setPosition(replay.startMs);
    setPlaying(true);
  };

  const fileNames = Object.keys(frame.files);
  const path = pickedFile && pickedFile in frame.files ? pickedFile : (frame.file?.path ?? null);
  const text = path ? (frame.files[path] ?? '') : '';
  const mark = frame.file && frame.file.path === path ? frame.file : null;
  const clock = `${formatClock(position - replay.startMs)} / ${formatClock(duration)}`;

  return (
    <div className="coding-replay" data-testid="cast-player">
      <div className="cast-controls" role="group" aria-label={`Replay controls: ${replay.itemId}`}>
        <button type="button" className="button button--small" onClick={() => (playing ? setPlaying(false) : play())} data-testid="cast-play">
          {playing ? 'Pause' : position >= replay.endMs ? 'Play again' : 'Play'}
        </button>
        <label htmlFor={`${id}-seek`} className="cast-speed">
          Position
        </label>
        <input
          id={`${id}-seek`}
          type="range"
          className="replay-seek"
          min={0}
          max={seekMax}
          step={SEEK_STEP_MS}
          value={Math.min(seekMax, Math.ceil((position - replay.startMs) / SEEK_STEP_MS) * SEEK_STEP_MS)}
          aria-valuetext={clock}
          onChange={(e) => {
            setPlaying(false);
            setPosition(Math.min(replay.endMs, replay.startMs + Number(e.target.value)));
          }}
          data-testid="replay-seek"
        />
        <label className="cast-speed" htmlFor={`${id}-speed`}>
          Speed
        </label>
        <select id={`${id}-speed`} className="input input--compact" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {REPLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
        <span className="meta cast-position" data-testid="cast-position">
          {clock}
        </span>
      </div>
      {error ? <p role="alert">{error}</p> : null}
      {replay.unreplayable > 0 ? <p className="meta">{replay.unreplayable} editor save(s) could not be replayed (their file’s starting text never reached the hub).</p> : null}
      <div className="replay-panes">
        <section className="replay-pane" aria-labelledby={`${id}-term`}>
          <h3 id={`${id}-term`} className="replay-pane-title">
            Terminal{frame.terminal ? `, session ${frame.terminal.session}` : ''}
          </h3>
          {replay.sessions.length === 0 ? <p className="meta">No terminal recording for this item.</p> : null}
          <div ref={host} className="cast-screen" role="region" aria-label={`Terminal replay: ${replay.itemId}`} />
        </section>
        <section className="replay-pane" aria-labelledby={`${id}-editor`}>
          <h3 id={`${id}-editor`} className="replay-pane-title">
            Editor{path ? `: ${path}` : ''}
          </h3>
          {fileNames.length > 1 ? (
            <p>
              <label htmlFor={`${id}-file`}>File </label>
              <select id={`${id}-file`} className="input input--compact" value={path ?? ''} onChange={(e) => setPickedFile(e.target.value)}>
                {fileNames.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </p>
          ) : null}
          {path ? (
            <pre className="replay-editor" data-testid="replay-editor" tabIndex={0} aria-label={`${path} at ${clock}`}>
              {mark ? (
                <>
                  {text.slice(0, mark.changedFrom)}
                  <mark>{text.slice(mark.changedFrom, mark.changedTo)}</mark>
                  {text.slice(mark.changedTo)}
                </>
              ) : (
                text
              )}
            </pre>
          ) : (
            <p className="meta" data-testid="replay-editor-empty">
              {replay.edits.length === 0 ? 'No editor saves for this item.' : 'No editor save yet at this moment.'}
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
