import { HomePage } from './components/HomePage';
import { NotFoundPage } from './components/NotFoundPage';
import { ReviewPage } from './components/ReviewPage';
import { SessionPage } from './components/SessionPage';
import { useRoute } from './hooks/useRoute';

export function App() {
  const route = useRoute();
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'session':
      // Keyed by id so moving between sessions starts from a clean state (and a new connection).
      return <SessionPage key={route.id} id={route.id} />;
    case 'review':
      return <ReviewPage key={route.id} id={route.id} />;
    case 'bad-session':
      return <NotFoundPage kind="session" />;
    case 'not-found':
      return <NotFoundPage kind="page" />;
  }
}
