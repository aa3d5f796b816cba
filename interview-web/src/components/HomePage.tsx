import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { Header } from './Header';
import { StartForm } from './StartForm';

const FEATURES = [
  { title: 'One link, no sign-up', text: 'Share a link; candidates join from any modern browser.' },
  { title: 'A real editor', text: 'Monaco, the editor behind VS Code, with highlighting for 7 languages.' },
  { title: 'Private by default', text: 'Your interviewer key stays in this browser, never in the link you share.' },
] as const;

export function HomePage() {
  useDocumentTitle('Interview: live coding interviews');
  return (
    <div className="page">
      <Header />
      <main className="home">
        <section className="home__hero">
          <p className="eyebrow">Live coding interviews</p>
          <h1 className="home__title">Pair on real code, in real time.</h1>
          <p className="home__lede">
            Create an interview room, share the link, and write code together in a fast, familiar editor.
          </p>
          <ul className="features">
            {FEATURES.map((feature) => (
              <li key={feature.title} className="features__item">
                <span className="features__check" aria-hidden="true" />
                <div>
                  <strong>{feature.title}</strong>
                  <span>{feature.text}</span>
                </div>
              </li>
            ))}
          </ul>
        </section>
        <section className="home__form" aria-labelledby="start-heading">
          <h2 id="start-heading" className="card-heading">
            Start an interview
          </h2>
          <StartForm />
        </section>
      </main>
      <footer className="app-footer">Interview · collaborative coding interviews</footer>
    </div>
  );
}
