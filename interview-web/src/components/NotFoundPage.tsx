import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { Header } from './Header';
import { Link } from './Link';

type Props = {
  /** "session" for an unknown or malformed interview link, "page" for any other unknown path. */
  readonly kind: 'session' | 'page';
};

export function NotFoundPage({ kind }: Props) {
  const heading = kind === 'session' ? 'Interview not found' : 'Page not found';
  useDocumentTitle(`${heading} · Interview`);
  return (
    <div className="page">
      <Header />
      <main className="centered">
        <div className="card message-card">
          <div className="message-card__icon" aria-hidden="true">
            ?
          </div>
          <h1 className="card__title">{heading}</h1>
          <p className="card__intro">
            {kind === 'session'
              ? 'This interview link is not valid, or the interview has expired. Check the link, or start a new interview.'
              : 'There is nothing at this address.'}
          </p>
          <Link href="/" className="button button--primary">
            Go to the home page
          </Link>
        </div>
      </main>
    </div>
  );
}
