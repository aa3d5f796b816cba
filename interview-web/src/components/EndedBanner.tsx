import { reviewPath } from '../lib/router';
import { Link } from './Link';

type Props = { readonly sessionId: string; readonly isInterviewer: boolean };

/** Shown to everyone once the interview has ended: the editor is read-only from now on. */
export function EndedBanner({ sessionId, isInterviewer }: Props) {
  return (
    <div className="ended-banner" role="alert" aria-label="Interview ended">
      <svg className="ended-banner__icon" viewBox="0 0 16 16" aria-hidden="true">
        <rect x="3" y="7" width="10" height="7" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <p className="ended-banner__text">
        <strong>This interview has ended.</strong> The code is read-only{isInterviewer ? '; your notes stay editable.' : '. Thank you for taking part!'}
      </p>
      {isInterviewer && (
        <Link href={reviewPath(sessionId)} className="button button--primary button--small">
          Open the review
        </Link>
      )}
    </div>
  );
}
