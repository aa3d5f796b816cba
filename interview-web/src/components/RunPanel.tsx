import { useCallback, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { useIdlePrefetch, useRunner, useRunPublisher, useRunShortcut, useSharedRuns } from '../hooks/useRunner';
import type { LanguageId } from '../lib/languages';
import { describeRun } from '../lib/runner/runView';
import { unsupportedReason } from '../lib/runner/support';
import { transpileTypeScript } from '../lib/runner/typescript';
import '../styles/run-panel.css';
import { RunInput } from './RunInput';
import { RunOutput } from './RunOutput';
import { RunToolbar } from './RunToolbar';

type Props = {
  /** The session's shared document (the collaboration client's), or null before it exists. */
  readonly doc: Y.Doc | null;
  /** The code to run: read when Run is pressed. */
  readonly getCode: () => string;
  readonly language: LanguageId;
  /** This participant's display name, shown to the others as who ran the code. */
  readonly name: string;
  /** Why this participant may not run code now (the interviewer's setting, the end), or null. */
  readonly blockedReason?: string | null;
};

const DEFAULT_TIME_LIMIT_S = 10;

/**
 * Run the code in the browser and see the output: Run (Ctrl/Cmd+Enter), Stop, the time limit, the status,
 * the output of the latest run in the session — this participant's own, or whoever ran last — and the
 * input this participant's runs read (local state: it goes to the sandbox with Run, not to the session).
 */
export function RunPanel({ doc, getCode, language, name, blockedReason = null }: Props) {
  const { client, snapshot } = useRunner();
  const shared = useSharedRuns(doc);
  const [timeLimitS, setTimeLimitS] = useState(DEFAULT_TIME_LIMIT_S);
  const [stdin, setStdin] = useState('');
  const now = useNow(shared.current?.status === 'running');
  useRunPublisher(doc, client, name);
  useIdlePrefetch(client, language);

  const view = describeRun({ language, runner: snapshot, shared: shared.current, now });
  const unsupported = unsupportedReason(language);
  const busy = view.canStop || view.status === 'stopping';

  const run = useCallback(() => {
    if (client === null || unsupported !== null || blockedReason !== null) return;
    const code = getCode();
    client.run({ code: language === 'typescript' ? transpileTypeScript(code) : code, language, timeLimitMs: timeLimitS * 1000, stdin });
  }, [client, getCode, language, timeLimitS, stdin, unsupported, blockedReason]);
  useRunShortcut(run);

  return (
    <section className="run-panel" aria-label="Code runner" data-run-status={view.status}>
      <RunToolbar
        view={view}
        runDisabled={client === null || unsupported !== null || blockedReason !== null || busy}
        runTitle={blockedReason ?? unsupported ?? 'Run the code (Ctrl+Enter)'}
        blockedReason={blockedReason}
        onRun={run}
        onStop={() => client?.stop()}
        timeLimitS={timeLimitS}
        onTimeLimitChange={setTimeLimitS}
      />
      <div className="run-panel__body">
        <RunOutput view={view} />
        <RunInput value={stdin} onChange={setStdin} language={language} />
      </div>
    </section>
  );
}

/** Date.now(), refreshed every few seconds while `ticking` (to notice a runner that went away). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
