import { describe, expect, it } from 'vitest';
import type { SharedRun } from '../runner/sharedRun';
import { buildReport, fileExtension, fileStem, formatDuration, reportToMarkdown, type ReportInput } from './report';

const run: SharedRun = {
  id: 'r1', language: 'python', status: 'done', by: 'Grace', startedAt: Date.UTC(2030, 0, 1, 10, 5), finishedAt: null,
  durationMs: 12, exitMessage: 'Finished', truncated: false, output: [{ stream: 'stdout', text: '42\n' }],
};

const input: ReportInput = {
  session: { id: 'AAAAAAAAAAAAAAAAAAAAAA', title: 'Pairing *with* Grace', language: 'python' },
  question: { id: 'two-sum', title: 'Two Sum' },
  createdAt: Date.UTC(2030, 0, 1, 9, 59),
  entries: [
    { at: Date.UTC(2030, 0, 1, 10, 0), author: 'Ada' },
    { at: Date.UTC(2030, 0, 1, 10, 1), author: 'Grace' },
  ],
  editsByAuthor: new Map([['Ada', 1], ['Grace', 1]]),
  endedAt: Date.UTC(2030, 0, 1, 10, 30),
  finalCode: 'print("```")\n',
  runs: [run],
  notes: 'Strong on **complexity**.',
};

describe('buildReport', () => {
  it('summarises participants, timeline, edits and runs', () => {
    const report = buildReport(input);
    expect(report.participants).toEqual(['Ada', 'Grace']);
    expect(report.timeline).toEqual({
      start: '2030-01-01T10:00:00.000Z', end: '2030-01-01T10:30:00.000Z', durationMs: 30 * 60_000, edits: 2, editsByAuthor: { Ada: 1, Grace: 1 },
    });
    expect(report.runs).toEqual([{ by: 'Grace', startedAt: '2030-01-01T10:05:00.000Z', status: 'done', durationMs: 12, exitMessage: 'Finished', output: '42\n' }]);
    expect(report.finalCode).toBe(input.finalCode);
    expect(report.notes).toBe(input.notes);
  });

  it('ends at the last edit when the interview was not ended', () => {
    expect(buildReport({ ...input, endedAt: null }).timeline.durationMs).toBe(60_000);
  });
});

describe('reportToMarkdown', () => {
  it('escapes names and keeps code in a fence it cannot close', () => {
    const md = reportToMarkdown(buildReport(input));
    expect(md).toContain('# Interview report: Pairing \\*with\\* Grace');
    expect(md).toContain('- Duration: 30 min');
    expect(md).toContain('````python\nprint("```")\n````');
    expect(md).toContain('### 1. Grace — done');
    expect(md).toContain('## Interviewer notes\n\nStrong on **complexity**.');
  });
});

describe('file names', () => {
  it('uses the language extension and a tidy stem', () => {
    expect(fileExtension('python')).toBe('py');
    expect(fileExtension('csharp')).toBe('cs');
    expect(fileStem('Pairing *with* Grace!')).toBe('pairing-with-grace');
    expect(fileStem('Ünïcode ✓')).toBe('unicode');
    expect(fileStem('✓✓')).toBe('interview');
  });

  it('formats durations', () => {
    expect(formatDuration(40_000)).toBe('40 s');
    expect(formatDuration(725_000)).toBe('12 min 5 s');
    expect(formatDuration(3_720_000)).toBe('1 h 2 min');
  });
});
