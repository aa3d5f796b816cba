import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { controlTimer, endInterview, getHistory, listQuestions, readQuestion, removeParticipant, saveNotes, updateControls } from './interviewApi';

const SESSION = 'AAAAAAAAAAAAAAAAAAAAAA';
const state = { locked: true, ended: false, endedAt: null, candidatesMayRun: true, timer: { durationMs: 1, remainingMs: 1, running: false, updatedAt: 1 }, question: null, serverTime: 1 };

function answer(status: number, body: unknown) {
  return vi.fn<typeof fetch>(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

describe('the interview API', () => {
  it('sends the interviewer key in a header, never in the URL', async () => {
    const fetchFn = answer(200, state);
    const result = await updateControls(SESSION, 'secret-key-secret-key', { locked: true }, fetchFn);
    expect(result.locked).toBe(true);
    const [url, init] = fetchFn.mock.calls[0]!;
    expect(url).toBe(`/api/sessions/${SESSION}/controls`);
    expect(url).not.toContain('secret');
    expect(init?.method).toBe('PATCH');
    expect(new Headers(init?.headers).get('X-Interviewer-Key')).toBe('secret-key-secret-key');
    expect(JSON.parse(String(init?.body))).toEqual({ locked: true });
  });

  it('posts timer actions and the end', async () => {
    const fetchFn = answer(200, state);
    await controlTimer(SESSION, 'k', { action: 'reset', durationMs: 60_000 }, fetchFn);
    await endInterview(SESSION, 'k', fetchFn);
    expect(fetchFn.mock.calls.map(([url, init]) => `${init?.method} ${String(url)}`)).toEqual([
      `POST /api/sessions/${SESSION}/timer`,
      `POST /api/sessions/${SESSION}/end`,
    ]);
  });

  it('reports a wrong key as the server words it', async () => {
    const fetchFn = answer(403, { title: 'Interviewer key required', status: 403 });
    await expect(saveNotes(SESSION, 'bad', 'x', fetchFn)).rejects.toMatchObject({ status: 403, message: 'Interviewer key required' });
  });

  it('removes a participant by awareness client id', async () => {
    const fetchFn = answer(202, undefined);
    await removeParticipant(SESSION, 'k', 123456, fetchFn);
    expect(fetchFn.mock.calls[0]![0]).toBe(`/api/sessions/${SESSION}/participants/123456`);
  });

  it('reads the question library and drops unknown languages', async () => {
    const list = await listQuestions(answer(200, [{ id: 'two-sum', title: 'Two Sum', difficulty: 'easy', summary: 's', languages: ['python', 'cobol'] }]));
    expect(list).toEqual([{ id: 'two-sum', title: 'Two Sum', difficulty: 'easy', summary: 's', languages: ['python'] }]);
    await expect(listQuestions(answer(200, { not: 'a list' }))).rejects.toBeInstanceOf(ApiError);
  });

  it('reads a question with its starters and examples', () => {
    expect(readQuestion({ id: 'q', title: 'Q', difficulty: 'hard', summary: '', prompt: 'p', starter: { python: 'pass', klingon: 'x' }, examples: [{ input: '1', output: '2', explanation: 'e' }] })).toEqual({
      id: 'q', title: 'Q', difficulty: 'hard', summary: '', prompt: 'p', starter: { python: 'pass' }, examples: [{ input: '1', output: '2', explanation: 'e' }],
    });
  });

  it('decodes the history updates from base64', async () => {
    const history = await getHistory(SESSION, 'k', answer(200, { createdAt: '2030-01-01T00:00:00Z', entries: [{ at: 5, author: 'Ada', update: 'AAE=' }] }));
    expect(history.createdAt).toBe(Date.parse('2030-01-01T00:00:00Z'));
    expect(history.entries).toEqual([{ at: 5, author: 'Ada', update: new Uint8Array([0, 1]) }]);
  });
});
