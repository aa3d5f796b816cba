import { useSyncExternalStore } from 'react';
import { parseRoute, subscribeToLocation, type Route } from '../lib/router';

const getPathname = () => location.pathname;

/** The current route; re-renders on back/forward and on {@link navigate}. */
export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribeToLocation, getPathname);
  return parseRoute(pathname);
}
