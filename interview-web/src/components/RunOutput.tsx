import { useLayoutEffect, useRef } from 'react';
import type { RunView } from '../lib/runner/runView';

type Props = { readonly view: RunView };

/**
 * The output of the shown run: stdout and stderr (in red) as text — never as HTML — with who ran it and
 * how long it took. Keeps to the bottom while output arrives, unless the reader scrolled up.
 */
export function RunOutput({ view }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element !== null && pinned.current) element.scrollTop = element.scrollHeight;
  }, [view.output]);

  const empty = view.output.length === 0;
  return (
    <section className="run-output" aria-label="Output" data-run-id={view.runId ?? undefined} data-run-by={view.by ?? undefined}>
      <header className="run-output__header">
        <span className="run-output__title">Output</span>
        {view.by !== null && (
          <span className="run-output__meta">
            {view.by === 'You' ? 'Your run' : `Run by ${view.by}`}
            {view.duration !== null && <span data-run-duration>{` · ${view.duration}`}</span>}
          </span>
        )}
        {view.progress !== null && <span className="run-output__progress" data-run-progress>{view.progress}</span>}
      </header>
      <div
        ref={scroller}
        className="run-output__scroll"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {empty && view.runId === null ? (
          <p className="run-output__placeholder">
            Press <strong>Run</strong> (Ctrl+Enter) to run the code in your browser. Everyone in the session sees the output.
          </p>
        ) : (
          <pre className="run-output__text" data-run-output>
            {view.output.map((chunk, index) => (
              <span key={index} className={chunk.stream === 'stderr' ? 'run-output__stderr' : undefined} data-stream={chunk.stream}>
                {chunk.text}
              </span>
            ))}
            {empty && <span className="run-output__none">{view.status === 'running' || view.status === 'loading' ? '' : 'No output'}</span>}
          </pre>
        )}
        {view.truncated && (
          <p className="run-output__truncated" data-run-truncated>
            Output truncated: the program printed more than is kept.
          </p>
        )}
      </div>
    </section>
  );
}
