/**
 * The interview report (export): who took part, when it ran, how much each person edited, every run with
 * its output, and the interviewer's notes — as a JSON object and as Markdown. Also the file names and
 * extensions of the downloads. Pure functions: the review page gathers the inputs.
 */
import type { LanguageId } from '../languages';
import type { SharedRun } from '../runner/sharedRun';

const EXTENSIONS: Record<LanguageId, string> = {
  javascript: 'js',
  typescript: 'ts',
  python: 'py',
  java: 'java',
  csharp: 'cs',
  cpp: 'cpp',
  go: 'go',
};

export function fileExtension(language: LanguageId): string {
  return EXTENSIONS[language];
}

/** A file name from the session title: lowercase letters, digits and dashes (`interview` when nothing is left). */
export function fileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return stem === '' ? 'interview' : stem;
}

export type ReportInput = {
  readonly session: { readonly id: string; readonly title: string; readonly language: LanguageId };
  readonly question: { readonly id: string; readonly title: string } | null;
  readonly createdAt: number;
  /** Unix ms of every accepted update, in order, and who made it. */
  readonly entries: readonly { readonly at: number; readonly author: string }[];
  readonly editsByAuthor: ReadonlyMap<string, number>;
  readonly endedAt: number | null;
  readonly finalCode: string;
  readonly runs: readonly SharedRun[];
  readonly notes: string;
};

export type Report = {
  readonly session: { readonly id: string; readonly title: string; readonly language: LanguageId };
  readonly question: { readonly id: string; readonly title: string } | null;
  readonly participants: readonly string[];
  readonly timeline: {
    readonly start: string | null;
    readonly end: string | null;
    readonly durationMs: number | null;
    readonly edits: number;
    readonly editsByAuthor: Readonly<Record<string, number>>;
  };
  readonly runs: readonly {
    readonly by: string;
    readonly startedAt: string;
    readonly status: string;
    readonly durationMs: number | null;
    readonly exitMessage: string;
    readonly output: string;
  }[];
  readonly finalCode: string;
  readonly notes: string;
};

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

export function buildReport(input: ReportInput): Report {
  const participants: string[] = [];
  for (const e of input.entries) if (!participants.includes(e.author)) participants.push(e.author);
  for (const r of input.runs) if (r.by !== '' && !participants.includes(r.by)) participants.push(r.by);
  const first = input.entries[0]?.at ?? null;
  const last = input.entries[input.entries.length - 1]?.at ?? null;
  const end = input.endedAt ?? last;
  const editsByAuthor = Object.fromEntries(input.editsByAuthor);
  return {
    session: input.session,
    question: input.question,
    participants,
    timeline: {
      start: iso(first),
      end: iso(end),
      durationMs: first !== null && end !== null ? Math.max(0, end - first) : null,
      edits: Object.values(editsByAuthor).reduce((a, b) => a + b, 0),
      editsByAuthor,
    },
    runs: input.runs.map((r) => ({
      by: r.by,
      startedAt: iso(r.startedAt) ?? '',
      status: r.status,
      durationMs: r.durationMs,
      exitMessage: r.exitMessage,
      output: r.output.map((c) => c.text).join(''),
    })),
    finalCode: input.finalCode,
    notes: input.notes,
  };
}

/** `1 h 2 min`, `12 min 5 s`, `40 s`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** A fence longer than any run of backticks inside, so code can never close it early. */
function fenced(text: string, info = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((t) => t.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** Text that Markdown shows as written (names and titles are user input). */
function escapeInline(text: string): string {
  return text.replace(/([\\`*_{}\[\]<>()#+!|~-])/g, '\\$1').replace(/\n/g, ' ');
}

export function reportToMarkdown(report: Report): string {
  const t = report.timeline;
  const lines: string[] = [`# Interview report: ${escapeInline(report.session.title || 'Interview')}`, ''];
  if (report.question) lines.push(`**Question:** ${escapeInline(report.question.title)}  `);
  lines.push(`**Language:** ${report.session.language}  `);
  lines.push(`**Participants:** ${report.participants.map(escapeInline).join(', ') || 'none'}`, '');
  lines.push('## Timeline', '');
  lines.push(`- Start: ${t.start ?? '—'}`, `- End: ${t.end ?? '—'}`, `- Duration: ${t.durationMs === null ? '—' : formatDuration(t.durationMs)}`);
  lines.push(`- Edits: ${t.edits}`);
  for (const [author, count] of Object.entries(t.editsByAuthor)) lines.push(`  - ${escapeInline(author)}: ${count}`);
  lines.push('', `## Runs (${report.runs.length})`, '');
  if (report.runs.length === 0) lines.push('No code was run.', '');
  report.runs.forEach((r, i) => {
    lines.push(`### ${i + 1}. ${escapeInline(r.by)} — ${r.status}`, '');
    lines.push(`Started ${r.startedAt}${r.durationMs === null ? '' : `, ran ${r.durationMs} ms`}${r.exitMessage ? ` · ${escapeInline(r.exitMessage)}` : ''}`, '');
    lines.push(r.output === '' ? '_No output._' : fenced(r.output, 'text'), '');
  });
  lines.push('## Final code', '', fenced(report.finalCode, report.session.language), '');
  lines.push('## Interviewer notes', '', report.notes.trim() === '' ? '_No notes._' : report.notes.trim(), '');
  return lines.join('\n');
}
