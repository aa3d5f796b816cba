/**
 * Typed client for the session API (same origin, relative URLs). Every failure — an RFC 7807
 * problem, a bare status, a gateway page or no network at all — surfaces as an {@link ApiError}.
 */
import { readSessionState, type SessionState } from './interview/sessionState';
import { isLanguageId, type LanguageId } from './languages';

export type Session = {
  readonly id: string;
  readonly title: string;
  readonly language: LanguageId;
  readonly joinUrl: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** What the interviewer controls (null from a server that does not send it). */
  readonly state: SessionState | null;
};

/** What the creator gets back once: the public view plus the interviewer link carrying the key. */
export type CreatedSession = Session & { readonly interviewerUrl: string };

export type CreateSessionRequest = {
  readonly title?: string;
  readonly language?: LanguageId;
  /** A question from the library, shown from the start (docs/protocol.md, "HTTP: questions"). */
  readonly questionId?: string;
};

export type FieldErrors = Readonly<Record<string, readonly string[]>>;

export const TITLE_MAX_LENGTH = 120;

/** A failed API call. `status` is 0 when the server could not be reached at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    /** Validation messages keyed by lower-camel-case field name (`title`, `language`). */
    readonly fieldErrors: FieldErrors = {},
    /** From `Retry-After` on a 429, in whole seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** Seconds to wait from a `Retry-After` value, which is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** ASP.NET may key errors as `Title` or `title`; the UI looks them up as `title`. */
function fieldKey(key: string): string {
  return key.length === 0 ? key : key[0]!.toLowerCase() + key.slice(1);
}

function readFieldErrors(value: unknown): FieldErrors {
  if (!isRecord(value)) return {};
  const result: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(value)) {
    const list = (Array.isArray(messages) ? messages : [messages]).filter(
      (m): m is string => typeof m === 'string' && m.trim() !== '',
    );
    if (list.length > 0) (result[fieldKey(key)] ??= []).push(...list);
  }
  return result;
}

function pluralSeconds(seconds: number): string {
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

/**
 * Turns an error response into an ApiError. `body` is the parsed JSON, or undefined when the body was
 * not JSON (a proxy's HTML page, an empty 502): the message then comes from the status alone.
 */
export function parseProblem(status: number, body: unknown, retryAfter: string | null = null): ApiError {
  const problem = isRecord(body) ? body : {};
  const fieldErrors = readFieldErrors(problem['errors']);
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  const detail = nonEmptyString(problem['detail']);
  const title = nonEmptyString(problem['title']);

  let message: string;
  if (status === 429) {
    message =
      retryAfterSeconds !== undefined
        ? `Too many requests. Please try again in ${pluralSeconds(retryAfterSeconds)}.`
        : 'Too many requests. Please wait a moment and try again.';
  } else if (status === 400 && Object.keys(fieldErrors).length > 0) {
    message = detail ?? 'Please correct the highlighted fields.';
  } else if (detail !== undefined || title !== undefined) {
    message = detail ?? (title as string);
  } else if (status === 404) {
    message = 'Not found.';
  } else if (status >= 500) {
    message = 'The server had a problem. Please try again in a moment.';
  } else {
    message = `The request failed (HTTP ${status}).`;
  }
  return new ApiError(status, message, fieldErrors, retryAfterSeconds);
}

export type Fetch = typeof fetch;

/** Sends a request and returns the parsed JSON body (undefined when empty); failures throw {@link ApiError}. */
export async function request(fetchFn: Fetch, url: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      ...init,
      headers: { Accept: 'application/json', ...init.headers },
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(0, 'Could not reach the server. Check your connection and try again.');
  }
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) throw parseProblem(response.status, body, response.headers.get('Retry-After'));
  return body;
}

function readString(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  if (typeof value !== 'string') throw new ApiError(200, `The server sent an unexpected answer (no ${key}).`);
  return value;
}

/** Validates a session object from the server, so the UI can trust every field's type. */
export function readSession(body: unknown): Session {
  if (!isRecord(body)) throw new ApiError(200, 'The server sent an unexpected answer.');
  const language = body['language'];
  return {
    id: readString(body, 'id'),
    title: readString(body, 'title'),
    // An unknown language from a newer server still opens, as plain JavaScript highlighting.
    language: isLanguageId(language) ? language : 'javascript',
    joinUrl: readString(body, 'joinUrl'),
    createdAt: readString(body, 'createdAt'),
    expiresAt: readString(body, 'expiresAt'),
    state: readSessionState(body['state']),
  };
}

export function readCreatedSession(body: unknown): CreatedSession {
  const session = readSession(body);
  return { ...session, interviewerUrl: readString(body as Record<string, unknown>, 'interviewerUrl') };
}

export async function createSession(req: CreateSessionRequest, fetchFn: Fetch = fetch): Promise<CreatedSession> {
  const payload: Record<string, string> = {};
  const title = req.title?.trim();
  if (title) payload['title'] = title;
  if (req.language) payload['language'] = req.language;
  if (req.questionId) payload['questionId'] = req.questionId;
  const body = await request(fetchFn, '/api/sessions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return readCreatedSession(body);
}

export async function getSession(id: string, fetchFn: Fetch = fetch, signal?: AbortSignal): Promise<Session> {
  const body = await request(fetchFn, `/api/sessions/${encodeURIComponent(id)}`, { method: 'GET', signal });
  return readSession(body);
}
