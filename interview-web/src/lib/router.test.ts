import { describe, expect, it } from 'vitest';
import { parseRoute, reviewPath, sessionPath } from './router';

const id = 'Ab3_-Ab3_-Ab3_-Ab3_-xy';

describe('parseRoute', () => {
  it('sends the root to the home page', () => {
    expect(parseRoute('/')).toEqual({ name: 'home' });
  });

  it('opens a session for a well-formed id, with or without a trailing slash', () => {
    expect(parseRoute(sessionPath(id))).toEqual({ name: 'session', id });
    expect(parseRoute(`/s/${id}/`)).toEqual({ name: 'session', id });
  });

  it('treats a malformed session id as an interview that does not exist', () => {
    expect(parseRoute('/s/nope')).toEqual({ name: 'bad-session' });
    expect(parseRoute('/s/')).toEqual({ name: 'bad-session' });
    expect(parseRoute(`/s/${id}%20`)).toEqual({ name: 'bad-session' });
  });

  it('opens the review page of a session', () => {
    expect(parseRoute(reviewPath(id))).toEqual({ name: 'review', id });
    expect(parseRoute('/s/nope/review')).toEqual({ name: 'bad-session' });
  });

  it('reports any other path as not found', () => {
    expect(parseRoute('/admin')).toEqual({ name: 'not-found' });
    expect(parseRoute(`/s/${id}/extra`)).toEqual({ name: 'not-found' });
  });
});
