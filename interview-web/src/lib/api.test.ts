import { describe, expect, it, vi } from 'vitest';
import { ApiError, createSession, getSession, parseProblem, parseRetryAfter } from './api';

const session = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  title: 'Pairing',
  language: 'python',
  joinUrl: 'http://127.0.0.1:5080/s/AAAAAAAAAAAAAAAAAAAAAA',
  createdAt: '2030-01-01T00:00:00Z',
  expiresAt: '2030-01-02T00:00:00Z',
};

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

describe('parseProblem', () => {
  it('keeps validation messages per field with lower-case field names', () => {
    const error = parseProblem(400, {
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { Title: ['Title must be at most 120 characters.'], language: ['Unknown language.'] },
    });
    expect(error.status).toBe(400);
    expect(error.fieldErrors).toEqual({
      title: ['Title must be at most 120 characters.'],
      language: ['Unknown language.'],
    });
    expect(error.message).toBe('Please correct the highlighted fields.');
  });

  it('prefers the detail of a problem over its title', () => {
    expect(parseProblem(409, { title: 'Conflict', detail: 'The session is closed.' }).message).toBe(
      'The session is closed.',
    );
    expect(parseProblem(409, { title: 'Conflict' }).message).toBe('Conflict');
  });

  it('tells how long to wait when rate limited', () => {
    const error = parseProblem(429, { title: 'Too Many Requests' }, '30');
    expect(error.retryAfterSeconds).toBe(30);
    expect(error.message).toBe('Too many requests. Please try again in 30 seconds.');
  });

  it('still explains a rate limit that gives no Retry-After', () => {
    expect(parseProblem(429, undefined).message).toMatch(/wait a moment/);
  });

  it('turns a body that is not a problem into a message from the status', () => {
    expect(parseProblem(502, undefined).message).toMatch(/server had a problem/);
    expect(parseProblem(404, 'oops').isNotFound).toBe(true);
    expect(parseProblem(418, [1, 2]).message).toBe('The request failed (HTTP 418).');
  });

  it('ignores error entries that are not strings', () => {
    expect(parseProblem(400, { errors: { title: [1, null, ''], other: 'x' } }).fieldErrors).toEqual({ other: ['x'] });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('5')).toBe(5);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:42 GMT', now)).toBe(42);
    expect(parseRetryAfter('Tue, 01 Jan 2029 00:00:00 GMT', now)).toBe(0);
  });

  it('gives undefined for a missing or unreadable value', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('createSession', () => {
  it('posts only the fields that were given, trimmed', async () => {
    const fetchFn = vi.fn(async () =>
      jsonResponse(201, { ...session, interviewerUrl: `${session.joinUrl}#key=${'k'.repeat(43)}` }),
    );
    const created = await createSession({ title: '  Pairing  ', language: 'python' }, fetchFn);
    expect(created.interviewerUrl).toContain('#key=');
    const [url, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/sessions');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ title: 'Pairing', language: 'python' });

    await createSession({ title: '   ' }, fetchFn);
    const [, secondInit] = fetchFn.mock.calls[1] as unknown as [string, RequestInit];
    expect(JSON.parse(secondInit.body as string)).toEqual({});
  });

  it('throws an ApiError with the Retry-After of a 429', async () => {
    const fetchFn = vi.fn(async () => jsonResponse(429, { title: 'Too Many Requests', status: 429 }, { 'Retry-After': '12' }));
    await expect(createSession({}, fetchFn)).rejects.toMatchObject({ status: 429, retryAfterSeconds: 12 });
  });

  it('reports an unreachable server as status 0', async () => {
    const fetchFn = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await createSession({}, fetchFn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(0);
  });
});

describe('getSession', () => {
  it('returns a session and falls back to JavaScript for an unknown language', async () => {
    const fetchFn = vi.fn(async () => jsonResponse(200, { ...session, language: 'cobol' }));
    const loaded = await getSession(session.id, fetchFn);
    expect(loaded).toMatchObject({ id: session.id, title: 'Pairing', language: 'javascript' });
    expect((fetchFn.mock.calls[0] as unknown as [string])[0]).toBe(`/api/sessions/${session.id}`);
  });

  it('marks a missing session as not found', async () => {
    const fetchFn = vi.fn(async () => jsonResponse(404, { title: 'Not Found', status: 404 }));
    await expect(getSession(session.id, fetchFn)).rejects.toMatchObject({ isNotFound: true });
  });

  it('rejects an answer that lacks the session fields', async () => {
    const fetchFn = vi.fn(async () => jsonResponse(200, { id: 1 }));
    await expect(getSession(session.id, fetchFn)).rejects.toBeInstanceOf(ApiError);
  });
});
