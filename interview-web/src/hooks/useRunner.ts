import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { LanguageId } from '../lib/languages';
import { RunnerClient, type RunnerSnapshot } from '../lib/runner/runnerClient';
import {
  readRunHistory,
  readSharedRun,
  RUN_MAP,
  RUNS_ARRAY,
  SharedRunPublisher,
  type SharedRun,
} from '../lib/runner/sharedRun';

const EMPTY: RunnerSnapshot = {
  runtimes: {
    python: { state: 'idle', loadedBytes: 0, message: '' },
    javascript: { state: 'idle', loadedBytes: 0, message: '' },
  },
  run: null,
  isolated: null,
};

/**
 * One {@link RunnerClient} (and so one sandbox iframe) while the component is mounted, and its state.
 * Created in an effect so StrictMode's mount/unmount/mount disposes the first one cleanly.
 */
export function useRunner(): { readonly client: RunnerClient | null; readonly snapshot: RunnerSnapshot } {
  const [client, setClient] = useState<RunnerClient | null>(null);
  useEffect(() => {
    const created = new RunnerClient();
    setClient(created);
    return () => {
      created.dispose();
      setClient(null);
    };
  }, []);
  const subscribe = useCallback(
    (onChange: () => void) => (client === null ? () => undefined : client.on('change', onChange)),
    [client],
  );
  const snapshot = useSyncExternalStore(subscribe, () => client?.snapshot ?? EMPTY);
  return { client, snapshot };
}

export type SharedRuns = { readonly current: SharedRun | null; readonly history: readonly SharedRun[] };
const NO_RUNS: SharedRuns = { current: null, history: [] };

/** The run everyone sees (`run` in the shared document) and the kept summaries (`runs`). */
export function useSharedRuns(doc: Y.Doc | null): SharedRuns {
  const cache = useRef<{ doc: Y.Doc | null; value: SharedRuns }>({ doc: null, value: NO_RUNS });
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (doc === null) return () => undefined;
      const map = doc.getMap<unknown>(RUN_MAP);
      const runs = doc.getArray<unknown>(RUNS_ARRAY);
      const changed = () => {
        cache.current = { doc, value: { current: readSharedRun(map), history: readRunHistory(runs) } };
        onChange();
      };
      map.observeDeep(changed);
      runs.observe(changed);
      return () => {
        map.unobserveDeep(changed);
        runs.unobserve(changed);
      };
    },
    [doc],
  );
  const read = () => {
    if (doc === null) return NO_RUNS;
    if (cache.current.doc !== doc) {
      cache.current = {
        doc,
        value: { current: readSharedRun(doc.getMap<unknown>(RUN_MAP)), history: readRunHistory(doc.getArray<unknown>(RUNS_ARRAY)) },
      };
    }
    return cache.current.value;
  };
  return useSyncExternalStore(subscribe, read);
}

/** Publishes this participant's runs into the shared document while both exist. */
export function useRunPublisher(doc: Y.Doc | null, client: RunnerClient | null, name: string): void {
  const nameRef = useRef(name);
  nameRef.current = name;
  useEffect(() => {
    if (doc === null || client === null) return;
    const publisher = new SharedRunPublisher(doc);
    const off = client.on('change', (snapshot) => {
      if (snapshot.run !== null) publisher.update(snapshot.run, nameRef.current);
    });
    return () => {
      off();
      publisher.dispose();
    };
  }, [doc, client]);
}

/** Ctrl+Enter (Cmd+Enter on a Mac) anywhere on the page runs the code, the editor included. */
export function useRunShortcut(run: () => void): void {
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      // Before Monaco, whose own Ctrl+Enter would insert a line.
      event.preventDefault();
      event.stopPropagation();
      runRef.current();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}

/** Downloads and starts the language's runtime once the page is idle, so the first Run is quick. */
export function useIdlePrefetch(client: RunnerClient | null, language: LanguageId, delayMs = 1500): void {
  useEffect(() => {
    if (client === null) return;
    let idle: number | undefined;
    const timer = setTimeout(() => {
      const prefetch = () => client.prefetch(language);
      if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(prefetch, { timeout: 5000 });
      else prefetch();
    }, delayMs);
    return () => {
      clearTimeout(timer);
      if (idle !== undefined) cancelIdleCallback(idle);
    };
  }, [client, language, delayMs]);
}
