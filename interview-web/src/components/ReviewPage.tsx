import { useState } from 'react';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useReplay, useReviewData, type ReviewData } from '../hooks/useReview';
import { loadInterviewerKey } from '../lib/identity';
import { sessionPath } from '../lib/router';
import { ExportPanel } from './ExportPanel';
import { Header } from './Header';
import { Link } from './Link';
import { NotFoundPage } from './NotFoundPage';
import { ErrorCard, LoadingMessage } from './PageMessages';
import { PlaybackView } from './PlaybackView';

type Props = { readonly id: string };

/** `/s/{id}/review`, for the interviewer: the playback of the whole session and the exports. */
export function ReviewPage({ id }: Props) {
  const [key] = useState(() => loadInterviewerKey(id));
  const { load, retry } = useReviewData(id, key);
  const title = load.kind === 'ready' ? load.data.session.title || 'Untitled interview' : 'Interview';
  useDocumentTitle(`Review: ${title} · Interview`);

  if (load.kind === 'not-found') return <NotFoundPage kind="session" />;
  return (
    <div className="page review-page">
      <Header />
      {key === null ? (
        <main className="centered">
          <div className="card message-card">
            <h1 className="card__title">Only the interviewer can open the review</h1>
            <p className="card__intro">Open this page in the browser where you started the interview (with the interviewer link).</p>
            <Link href={sessionPath(id)} className="button button--secondary">
              Back to the interview
            </Link>
          </div>
        </main>
      ) : load.kind === 'loading' ? (
        <main className="centered">
          <LoadingMessage text="Loading the review…" />
        </main>
      ) : load.kind === 'error' ? (
        <main className="centered">
          <ErrorCard title="Could not load the review" message={load.message} onRetry={retry} />
        </main>
      ) : (
        <Review data={load.data} />
      )}
    </div>
  );
}

function Review({ data }: { readonly data: ReviewData }) {
  const replay = useReplay(data.history, data.session.language);
  const state = data.session.state;
  return (
    <main className="review">
      <div className="review__head">
        <div>
          <p className="eyebrow">Review</p>
          <h1 className="review__title">{data.session.title || 'Untitled interview'}</h1>
          <p className="review__meta">
            {state?.ended ? `Ended ${state.endedAt !== null ? new Date(state.endedAt).toLocaleString() : ''}` : 'In progress — this review shows the session up to now.'}
            {state?.question ? ` · ${state.question.title}` : ''}
          </p>
        </div>
        <Link href={sessionPath(data.session.id)} className="button button--ghost">
          Back to the interview
        </Link>
      </div>
      <div className="review__grid">
        <PlaybackView replay={replay} />
        <ExportPanel data={data} replay={replay} endedAt={state?.endedAt ?? null} />
      </div>
    </main>
  );
}
