/**
 * A tiny router over `location.pathname`. The gateway serves index.html for every unknown path, so
 * deep links such as `/s/{id}` load directly.
 */
import { isSessionId } from './identity';

export type Route =
  | { readonly name: 'home' }
  | { readonly name: 'session'; readonly id: string }
  /** `/s/{id}/review`: playback and export, for the interviewer. */
  | { readonly name: 'review'; readonly id: string }
  /** `/s/{something}` where something cannot be a session id: shown as "Interview not found". */
  | { readonly name: 'bad-session' }
  | { readonly name: 'not-found' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
  const session = /^\/s\/([^/]*)\/?$/.exec(pathname);
  if (session) {
    const id = session[1] ?? '';
    return isSessionId(id) ? { name: 'session', id } : { name: 'bad-session' };
  }
  const review = /^\/s\/([^/]*)\/review\/?$/.exec(pathname);
  if (review) return isSessionId(review[1] ?? '') ? { name: 'review', id: review[1]! } : { name: 'bad-session' };
  return { name: 'not-found' };
}

export function reviewPath(id: string): string {
  return `/s/${id}/review`;
}

export function sessionPath(id: string): string {
  return `/s/${id}`;
}

const NAVIGATE_EVENT = 'interview:navigate';

/** Pushes a new history entry and tells subscribers; the page does not reload. */
export function navigate(path: string): void {
  if (path === location.pathname + location.search + location.hash) return;
  history.pushState(null, '', path);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Calls `listener` whenever the path may have changed (back/forward or {@link navigate}). */
export function subscribeToLocation(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}
