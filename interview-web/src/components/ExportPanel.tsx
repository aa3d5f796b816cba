import { useMemo } from 'react';
import type { ReviewData, Replay } from '../hooks/useReview';
import { downloadText } from '../lib/download';
import { buildReport, fileExtension, fileStem, formatDuration, reportToMarkdown } from '../lib/interview/report';

type Props = { readonly data: ReviewData; readonly replay: Replay; readonly endedAt: number | null };

/** Downloads: the final code (with its language's extension) and the report as JSON and Markdown. */
export function ExportPanel({ data, replay, endedAt }: Props) {
  const { session, history, notes } = data;
  const report = useMemo(
    () =>
      buildReport({
        session: { id: session.id, title: session.title, language: replay.language },
        question: session.state?.question ? { id: session.state.question.id, title: session.state.question.title } : null,
        createdAt: history.createdAt,
        entries: history.entries,
        editsByAuthor: replay.model.editsByAuthor(),
        endedAt,
        finalCode: replay.finalCode,
        runs: replay.runs,
        notes,
      }),
    [session, history, notes, replay, endedAt],
  );
  const stem = fileStem(session.title);
  const codeFile = `${stem}.${fileExtension(replay.language)}`;
  const t = report.timeline;

  return (
    <section className="review-card export" aria-label="Export">
      <h2 className="review-card__title">Summary and export</h2>
      <dl className="summary">
        <dt>Participants</dt>
        <dd>{report.participants.join(', ') || '—'}</dd>
        <dt>Duration</dt>
        <dd>{t.durationMs === null ? '—' : formatDuration(t.durationMs)}</dd>
        <dt>Edits</dt>
        <dd>
          {t.edits}
          {Object.keys(t.editsByAuthor).length > 0 && ` (${Object.entries(t.editsByAuthor).map(([a, n]) => `${a} ${n}`).join(', ')})`}
        </dd>
        <dt>Runs</dt>
        <dd>{report.runs.length}</dd>
      </dl>
      <div className="export__buttons">
        <button type="button" className="button button--primary" onClick={() => downloadText(codeFile, replay.finalCode, 'text/plain')}>
          Download code <span className="export__file">{codeFile}</span>
        </button>
        <button type="button" className="button button--secondary" onClick={() => downloadText(`${stem}-report.json`, JSON.stringify(report, null, 2), 'application/json')}>
          Download report (JSON)
        </button>
        <button type="button" className="button button--secondary" onClick={() => downloadText(`${stem}-report.md`, reportToMarkdown(report), 'text/markdown')}>
          Download report (Markdown)
        </button>
      </div>
      <h3 className="review-card__subtitle">Interviewer notes</h3>
      <p className="export__notes">{notes.trim() === '' ? 'No notes.' : notes}</p>
    </section>
  );
}
