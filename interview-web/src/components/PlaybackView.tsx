import { useMemo } from 'react';
import { usePlayer, type Replay } from '../hooks/useReview';
import { formatClock } from '../lib/interview/sessionState';
import { SPEEDS, type Speed } from '../lib/interview/player';
import { PALETTE } from '../lib/presence';

type Props = { readonly replay: Replay };

/**
 * The session replayed: the code at a point of the timeline, coloured by who typed it, with play/pause,
 * a scrubber, speed, idle skipping and the runs marked where they happened.
 */
export function PlaybackView({ replay }: Props) {
  const { model, runs } = replay;
  const times = useMemo(() => model.entries.map((e) => e.at), [model]);
  const { player, snapshot } = usePlayer(times);
  const spans = useMemo(() => model.spansAt(snapshot.index), [model, snapshot.index]);
  const colorOf = (author: string | null) => (author === null ? 'var(--text-muted)' : PALETTE[model.authors.indexOf(author) % PALETTE.length]);
  const duration = Math.max(1, snapshot.duration);
  const entry = model.entries[snapshot.index];

  return (
    <section className="review-card playback" aria-label="Playback">
      <div className="playback__controls">
        <button type="button" className="button button--primary button--small playback__play" onClick={() => (snapshot.playing ? player.pause() : player.play())} disabled={model.length === 0}>
          {snapshot.playing ? 'Pause' : 'Play'}
        </button>
        <span className="playback__time" aria-live="off">
          {formatClock(snapshot.time)} / {formatClock(snapshot.duration)}
        </span>
        <label className="playback__option">
          <span>Speed</span>
          <select className="select select--small" aria-label="Playback speed" value={snapshot.speed} onChange={(e) => player.setSpeed(Number(e.target.value) as Speed)}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <label className="playback__option">
          <input type="checkbox" checked={snapshot.skipIdle} onChange={(e) => player.setSkipIdle(e.target.checked)} />
          <span>Skip idle time</span>
        </label>
        <span className="playback__step" data-playback-index={snapshot.index} data-playback-at-end={snapshot.index === model.length - 1 ? 'true' : 'false'}>
          {model.length === 0 ? 'No edits' : `Edit ${snapshot.index + 1} of ${model.length}${entry ? ` · ${entry.author} · ${new Date(entry.at).toLocaleTimeString()}` : ''}`}
        </span>
      </div>
      <div className="playback__track">
        <input
          type="range"
          className="playback__scrubber"
          aria-label="Playback position"
          min={0}
          max={duration}
          step={10}
          value={Math.min(snapshot.time, duration)}
          aria-valuetext={`${formatClock(snapshot.time)} of ${formatClock(snapshot.duration)}`}
          onChange={(e) => player.seek(Number(e.target.value))}
        />
        <ol className="playback__runs" aria-label="Runs on the timeline">
          {runs.map((run) => {
            const position = snapshot.timeline.positionOf(run.startedAt);
            return (
              <li key={run.id} style={{ left: `${(position / duration) * 100}%` }}>
                <button
                  type="button"
                  className={`run-marker run-marker--${run.status}`}
                  aria-label={`Run by ${run.by}: ${run.status}`}
                  title={`Run by ${run.by} at ${new Date(run.startedAt).toLocaleTimeString()}: ${run.exitMessage || run.status}`}
                  onClick={() => player.seek(position)}
                />
              </li>
            );
          })}
        </ol>
      </div>
      <ul className="playback__authors" aria-label="Authors">
        {model.authors.map((author) => (
          <li key={author}>
            <span className="participant__dot" style={{ backgroundColor: colorOf(author) }} aria-hidden="true" />
            {author}
          </li>
        ))}
      </ul>
      <pre className="playback__code" aria-label="Code at this point" data-playback-code="">
        {spans.map((span, i) => (
          <span key={i} style={{ color: colorOf(span.author) }} data-author={span.author ?? undefined}>
            {span.text}
          </span>
        ))}
      </pre>
    </section>
  );
}
