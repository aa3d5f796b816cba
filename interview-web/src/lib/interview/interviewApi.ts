/**
 * The interview's HTTP calls (docs/protocol.md, "HTTP: questions" and "HTTP: interviewer controls"):
 * the question library for everyone, and the controls, notes, removal and history for whoever holds the
 * interviewer key (sent as `X-Interviewer-Key`, never in a URL). Answers are validated here.
 */
import { ApiError, request, type Fetch } from '../api';
import { isLanguageId, type LanguageId } from '../languages';
import { isDifficulty, readExamples, readSessionState, type Difficulty, type QuestionExample, type SessionState } from './sessionState';

export type QuestionSummary = {
  readonly id: string;
  readonly title: string;
  readonly difficulty: Difficulty;
  readonly summary: string;
  readonly languages: readonly LanguageId[];
};

export type Question = Omit<QuestionSummary, 'languages'> & {
  readonly prompt: string;
  /** Starter code per language id. */
  readonly starter: Readonly<Partial<Record<LanguageId, string>>>;
  readonly examples: readonly QuestionExample[];
};

export type Notes = { readonly text: string; readonly updatedAt: string | number | null };

export type HistoryEntry = { readonly at: number; readonly author: string; readonly update: Uint8Array };
export type History = { readonly createdAt: number; readonly entries: readonly HistoryEntry[] };

export type ControlsPatch = { readonly locked?: boolean; readonly candidatesMayRun?: boolean; readonly questionId?: string | null };
export type TimerAction = { readonly action: 'start' | 'pause' | 'reset'; readonly durationMs?: number };

export const NOTES_MAX_LENGTH = 100_000;

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function unexpected(): ApiError {
  return new ApiError(200, 'The server sent an unexpected answer.');
}

function readSummary(value: unknown): QuestionSummary {
  if (!isRecord(value) || str(value['id']) === '') throw unexpected();
  const difficulty = value['difficulty'];
  const languages = Array.isArray(value['languages']) ? value['languages'].filter(isLanguageId) : [];
  return {
    id: str(value['id']),
    title: str(value['title']) || str(value['id']),
    difficulty: isDifficulty(difficulty) ? difficulty : 'medium',
    summary: str(value['summary']),
    languages,
  };
}

export function readQuestion(value: unknown): Question {
  const { languages: _, ...summary } = readSummary(value);
  const record = value as Rec;
  const starter: Partial<Record<LanguageId, string>> = {};
  if (isRecord(record['starter'])) {
    for (const [language, code] of Object.entries(record['starter'])) if (isLanguageId(language) && typeof code === 'string') starter[language] = code;
  }
  return { ...summary, prompt: str(record['prompt']), starter, examples: readExamples(record['examples']) };
}

function readState(body: unknown): SessionState {
  const state = readSessionState(body);
  if (state === null) throw unexpected();
  return state;
}

function base64ToBytes(value: string): Uint8Array {
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** An ISO date or Unix milliseconds as Unix milliseconds (NaN when neither). */
export function toMillis(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.NaN;
}

export function readHistory(body: unknown): History {
  if (!isRecord(body) || !Array.isArray(body['entries'])) throw unexpected();
  const entries = body['entries'].filter(isRecord).map((e) => ({
    at: toMillis(e['at']),
    author: str(e['author']) || 'Someone',
    update: base64ToBytes(str(e['update'])),
  }));
  return { createdAt: toMillis(body['createdAt']), entries };
}

const sessionUrl = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;
const keyed = (key: string, json = false): HeadersInit => ({ 'X-Interviewer-Key': key, ...(json ? { 'Content-Type': 'application/json' } : {}) });

export async function listQuestions(fetchFn: Fetch = fetch, signal?: AbortSignal): Promise<QuestionSummary[]> {
  const body = await request(fetchFn, '/api/questions', { method: 'GET', signal });
  if (!Array.isArray(body)) throw unexpected();
  return body.map(readSummary);
}

export async function getQuestion(id: string, fetchFn: Fetch = fetch): Promise<Question> {
  return readQuestion(await request(fetchFn, `/api/questions/${encodeURIComponent(id)}`, { method: 'GET' }));
}

/** The session's state as `GET /api/sessions/{id}` reports it, or null from a server without it. */
export function stateOfSession(body: unknown): SessionState | null {
  return isRecord(body) ? readSessionState(body['state']) : null;
}

export async function updateControls(id: string, key: string, patch: ControlsPatch, fetchFn: Fetch = fetch): Promise<SessionState> {
  return readState(await request(fetchFn, `${sessionUrl(id)}/controls`, { method: 'PATCH', headers: keyed(key, true), body: JSON.stringify(patch) }));
}

export async function controlTimer(id: string, key: string, action: TimerAction, fetchFn: Fetch = fetch): Promise<SessionState> {
  return readState(await request(fetchFn, `${sessionUrl(id)}/timer`, { method: 'POST', headers: keyed(key, true), body: JSON.stringify(action) }));
}

export async function endInterview(id: string, key: string, fetchFn: Fetch = fetch): Promise<SessionState> {
  return readState(await request(fetchFn, `${sessionUrl(id)}/end`, { method: 'POST', headers: keyed(key) }));
}

function readNotes(body: unknown): Notes {
  if (!isRecord(body)) throw unexpected();
  const updatedAt = body['updatedAt'];
  return { text: str(body['text']), updatedAt: typeof updatedAt === 'string' || typeof updatedAt === 'number' ? updatedAt : null };
}

export async function getNotes(id: string, key: string, fetchFn: Fetch = fetch, signal?: AbortSignal): Promise<Notes> {
  return readNotes(await request(fetchFn, `${sessionUrl(id)}/notes`, { method: 'GET', headers: keyed(key), signal }));
}

export async function saveNotes(id: string, key: string, text: string, fetchFn: Fetch = fetch): Promise<Notes> {
  return readNotes(await request(fetchFn, `${sessionUrl(id)}/notes`, { method: 'PUT', headers: keyed(key, true), body: JSON.stringify({ text }) }));
}

/** Removes the participant whose awareness client id is `clientId`. */
export async function removeParticipant(id: string, key: string, clientId: number, fetchFn: Fetch = fetch): Promise<void> {
  await request(fetchFn, `${sessionUrl(id)}/participants/${clientId}`, { method: 'DELETE', headers: keyed(key) });
}

export async function getHistory(id: string, key: string, fetchFn: Fetch = fetch, signal?: AbortSignal): Promise<History> {
  return readHistory(await request(fetchFn, `${sessionUrl(id)}/history`, { method: 'GET', headers: keyed(key), signal }));
}
