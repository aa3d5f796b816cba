import type { Access } from '../lib/collabClient';
import { Header } from './Header';
import { Link } from './Link';

type Props = { readonly access: Exclude<Access, 'open'> };

const TEXT = {
  removed: { title: 'You were removed from this interview', body: 'The interviewer removed you from this session. If this was a mistake, ask them for a new link.' },
  locked: { title: 'This interview is locked', body: 'The interviewer has locked this session, so nobody new can join. Ask them to unlock it, then reload this page.' },
} as const;

/** What a removed or locked-out participant sees instead of the workspace (no reconnecting). */
export function ShutOutPage({ access }: Props) {
  const { title, body } = TEXT[access];
  return (
    <div className="page">
      <Header />
      <main className="centered">
        <div className="card message-card" data-access={access}>
          <h1 className="card__title">{title}</h1>
          <p className="card__intro">{body}</p>
          <Link href="/" className="button button--secondary">
            Go to the home page
          </Link>
        </div>
      </main>
    </div>
  );
}
