/**
 * The collaboration client for one session: it owns the Yjs document, the awareness (presence) and the
 * SignalR connection to the collaboration hub (docs/protocol.md), and reports through typed events.
 * It knows nothing of React or Monaco; the editor binding and the hooks sit on top of it.
 *
 * Invariants:
 * - No edit is lost. Every (re)connect calls `JoinSession` with our state vector and pushes whatever the
 *   server lacks (`encodeStateAsUpdate(doc, serverStateVector)`), so edits made offline, edits whose push
 *   was cancelled by a dropped connection and edits whose push was refused all reach the server on the
 *   next join. A refused push schedules such a resync (with backoff) on the same connection.
 * - Changes that came from the hub are applied with the {@link REMOTE} origin and never pushed back.
 * - Local changes are pushed only while joined, batched per animation frame with `Y.mergeUpdates`. Most
 *   go out without an answer (`SendUpdate`); within {@link CONFIRM_INTERVAL_MS} of such a push (and no
 *   more often) an answered call (`PushUpdate` or `Confirm`) tells us that all pushed before it is stored,
 *   and a refusal of an unanswered push arrives as a `Refused` event before that answer (the hub handles a
 *   connection's calls in order).
 * - `unsynced` is true from a local change until an answered call issued after its push completed (and
 *   while a refused push awaits its resync, or while we are offline with unpushed changes).
 *   `unsyncedSince` is when the oldest change not known to be stored was made.
 * - `status` is `connected` only once joined; `reconnecting` while SignalR retries after a drop;
 *   `offline` when that has not worked for a while (or the browser says it is offline), or after the
 *   connection closed for good. Either way the client keeps trying, with backoff capped at about 5 s.
 * - Roles and controls (docs/protocol.md, "The interview around the editor"): the client joins with
 *   `JoinSessionAs` (its participant id and the interviewer key, if any) and keeps the latest session
 *   state by the server's clock. Once the interview has ended nothing more is pushed, for good: the state
 *   says so, or a push was refused with `session-ended`. A `forbidden` key is dropped (we rejoin as a
 *   candidate at once); `removed` and `session-locked` close the client for good (`access`).
 * - `refusal` names a lasting refusal the person should know about while the client keeps retrying: the
 *   session is full (set by a refused join, cleared by the next successful one), or a change is too large
 *   to be stored (set by a refused push, cleared once nothing local is unsynced any more).
 * - `dispose()` undoes exactly what the constructor did: listeners off, timers cleared, our presence
 *   withdrawn (a null awareness state is pushed), the hub stopped, the awareness and document destroyed.
 *   HubConnection cannot unregister its lifecycle callbacks, so those check `#disposed`.
 */
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { Emitter } from './emitter';
import {
  backoffDelay,
  createCollabTransport,
  HubEvent,
  HubMethod,
  hubErrorCode,
  hubUrl,
  MAX_UPDATE_BYTES,
  readBytes,
  readJoinResult,
  type HubErrorCode,
  type HubTransport,
} from './hubTransport';
import { isNewer, readSessionState, type ReceivedState, type SessionState } from './interview/sessionState';
import { isLanguageId, LANGUAGES, starterCode, textAfterLanguageChange, type LanguageId } from './languages';
import { colorForClient, participantsFrom, pickColor, readUser, sameParticipants, type Participant } from './presence';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export type Role = 'interviewer' | 'candidate';

/** `open`, or why the hub shut this participant out for good (no reconnecting after either). */
export type Access = 'open' | 'removed' | 'locked';

/** Transaction (and awareness) origin of everything that came from the hub. */
export const REMOTE = 'remote';

/** A hub call that failed; the client recovers by itself, this is for display and diagnostics. */
export type CollabError = {
  readonly operation: 'join' | 'push-update' | 'confirm' | 'push-awareness' | 'apply';
  /** The documented code of a refused call, or null for anything else (a lost connection, bad data). */
  readonly code: HubErrorCode | null;
  readonly error: unknown;
};

/** Why the hub keeps refusing us, for display; the client retries by itself either way. */
export type Refusal = 'session-full' | 'document-too-large' | 'too-large';

export type CollabEvents = {
  status: (status: ConnectionStatus) => void;
  unsynced: (unsynced: boolean) => void;
  /** The time (`Date.now()`) of the oldest local change not known to be stored changed, or null. */
  unsyncedSince: (since: number | null) => void;
  refusal: (refusal: Refusal | null) => void;
  participants: (participants: readonly Participant[]) => void;
  language: (language: LanguageId) => void;
  /** After each successful join; `first` for the first one of this client. */
  synced: (first: boolean) => void;
  error: (error: CollabError) => void;
  /** The session state changed (a newer one by the server's clock). */
  state: (state: ReceivedState) => void;
  role: (role: Role) => void;
  access: (access: Access) => void;
  /** The hub refused our interviewer key: whoever stored it should forget it. */
  keyRejected: () => void;
};

/** Runs `callback` soon (once); returns a function that cancels it. */
export type Scheduler = (callback: () => void) => () => void;

type WindowEvents = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export type CollabClientOptions = {
  readonly sessionId: string;
  readonly name: string;
  /** The session's language (from the session API); written to the document if it has none yet. */
  readonly language: LanguageId;
  /** Names this browser in this session across reconnects (22 base64url characters). */
  readonly participantId: string;
  /** The interviewer key (the interviewer seeds the starter code into an empty document), or null. */
  readonly interviewerKey: string | null;
  /** The session state known before joining (from `GET /api/sessions/{id}`). */
  readonly initialState?: SessionState | null;
  /** The question's starter code for the session language, seeded instead of the language's own. */
  readonly questionStarter?: { readonly id: string; readonly starter: string } | null;
  /** The clock for the timer correction; defaults to Date.now. */
  readonly now?: () => number;
  /** Builds the hub for a URL; defaults to the real MessagePack/WebSocket connection. */
  readonly createTransport?: (url: string) => HubTransport;
  /** When batched pushes are sent; defaults to the next animation frame (at most 25 ms). */
  readonly scheduleFlush?: Scheduler;
  /** Delay before restart/resync attempt `n` (0-based); defaults to {@link backoffDelay}. */
  readonly retryDelay?: (attempt: number) => number;
  /** How long `reconnecting` lasts before the status says `offline` (retrying goes on). Default 10 s. */
  readonly offlineAfterMs?: number;
  /** Where `online`, `offline`, `pagehide` and `pageshow` come from; defaults to `window` when there is one. */
  readonly events?: WindowEvents | null;
};

/** An update that carries nothing: no structs, empty delete set. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 0 || (update.length === 2 && update[0] === 0 && update[1] === 0);
}

/** Runs `callback` on the next animation frame, or after 25 ms where frames do not come (hidden tabs). */
export const nextFrame: Scheduler = (callback) => {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancel();
    callback();
  };
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : undefined;
  const timer = setTimeout(run, 25);
  const cancel = () => {
    done = true;
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
  return cancel;
};

/**
 * The least time between two awareness pushes. Cursor moves at 20 per second look smooth, and with at most
 * one document push per frame the two stay well inside the hub's budget (100 pushes per second).
 */
export const AWARENESS_INTERVAL_MS = 50;

/**
 * The longest a pushed change waits for the hub to confirm it is stored while someone types. Answering every
 * keystroke cost a message back through the gateway for each (docs/performance.md, "Fewer messages per
 * keystroke"); at this interval the connection indicator (which speaks after a second) still never sees a
 * healthy hub as slow.
 */
export const CONFIRM_INTERVAL_MS = 500;

/** Client ids of the starter-code inserts: one per language, far from the random ids Yjs hands out. */
const STARTER_CLIENT_ID_BASE = 0x7fff_ff00;

/**
 * The starter code of a language as a Yjs update with a fixed client id and clock. Two clients that seed
 * the same language at the same moment produce the identical insert, which Yjs stores once, so the
 * starter code can never appear twice.
 */
export function starterUpdate(language: LanguageId, question: { id: string; starter: string } | null = null): Uint8Array {
  const seed = new Y.Doc();
  seed.clientID = question === null ? STARTER_CLIENT_ID_BASE + LANGUAGES.findIndex((l) => l.id === language) : questionStarterClientId(question.id, language);
  seed.getText('code').insert(0, question?.starter ?? starterCode(language));
  const update = Y.encodeStateAsUpdate(seed);
  seed.destroy();
  return update;
}

/**
 * The fixed client id of a question's starter code in one language (FNV-1a of both, in a range of its own
 * below the language starters'), so two interviewer tabs seeding the same question insert the same item.
 */
export function questionStarterClientId(questionId: string, language: LanguageId): number {
  let hash = 0x811c9dc5;
  for (const ch of `${questionId}:${language}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return 0x7ffe_0000 + (hash & 0xffff);
}

export class CollabClient {
  /** The shared document: `code` (Y.Text) and `meta` (Y.Map with `language`). */
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  readonly text = this.doc.getText('code');
  readonly meta = this.doc.getMap<unknown>('meta');

  readonly #options: CollabClientOptions;
  readonly #transport: HubTransport;
  readonly #events: WindowEvents | null;
  readonly #scheduleFlush: Scheduler;
  readonly #retryDelay: (attempt: number) => number;
  readonly #emitter = new Emitter<CollabEvents>();

  #name: string;
  #status: ConnectionStatus = 'connecting';
  #refusal: Refusal | null = null;
  #participants: readonly Participant[] = [];
  #language: LanguageId;
  #disposed = false;
  #interviewerKey: string | null;
  #role: Role;
  #access: Access = 'open';
  #state: ReceivedState | null = null;

  /** Bumped whenever the connection goes away: answers to calls made before are stale. */
  #epoch = 0;
  /** The transport is started (or reconnected) and has not been lost since. */
  #connectionUp = false;
  #joined = false;
  #joining = false;
  #everJoined = false;
  /** Whether the colour was chosen with everyone's awareness in view (after the first join). */
  #colorChosen = false;

  #outbox: Uint8Array[] = [];
  #awarenessDirty = false;
  #lastAwarenessPush = -Infinity;
  #awarenessTimer: ReturnType<typeof setTimeout> | undefined;
  #cancelFlush: (() => void) | undefined;
  /** Pushes issued (on this connection, since the last join) and not yet known to be stored, oldest first. */
  #unstored: { readonly seq: number; readonly at: number }[] = [];
  #pushSeq = 0;
  /** When the last answered call (`PushUpdate`, `Confirm`) was issued, and the last push it covers. */
  #lastAnswered = -Infinity;
  #answeredThrough = 0;
  #confirmTimer: ReturnType<typeof setTimeout> | undefined;
  #unsyncedSince: number | null = null;
  /** A push was refused on this connection; a resync (JoinSession again) is due. */
  #resyncDue = false;
  #failedResyncs = 0;
  #resyncTimer: ReturnType<typeof setTimeout> | undefined;
  #failedStarts = 0;
  /** Pending only while the transport is closed and we own starting it again. */
  #restartTimer: ReturnType<typeof setTimeout> | undefined;
  #offlineTimer: ReturnType<typeof setTimeout> | undefined;
  /** Our awareness state while the page is hidden in the back/forward cache. */
  #hiddenState: Record<string, unknown> | null = null;

  constructor(options: CollabClientOptions) {
    this.#options = options;
    this.#name = options.name;
    this.#language = options.language;
    this.#interviewerKey = options.interviewerKey;
    this.#role = options.interviewerKey === null ? 'candidate' : 'interviewer';
    if (options.initialState) this.#state = { state: options.initialState, receivedAt: this.#now() };
    this.#scheduleFlush = options.scheduleFlush ?? nextFrame;
    this.#retryDelay = options.retryDelay ?? ((attempt) => backoffDelay(attempt + 1));
    this.#events = options.events !== undefined ? options.events : typeof window === 'undefined' ? null : window;

    // A provisional colour; the first join picks one nobody else uses.
    this.awareness.setLocalState({ user: { name: this.#name, color: colorForClient(this.doc.clientID) } });
    this.#participants = participantsFrom(this.awareness.getStates(), this.doc.clientID);

    this.doc.on('update', this.#onDocUpdate);
    this.meta.observe(this.#onMetaChange);
    this.awareness.on('update', this.#onAwarenessUpdate);
    this.awareness.on('change', this.#onAwarenessChange);

    this.#transport = (options.createTransport ?? createCollabTransport)(hubUrl(options.sessionId));
    this.#transport.on(HubEvent.update, this.#onRemoteUpdate);
    this.#transport.on(HubEvent.awareness, this.#onRemoteAwareness);
    this.#transport.on(HubEvent.resync, this.#onResync);
    this.#transport.on(HubEvent.sessionState, this.#onSessionState);
    this.#transport.on(HubEvent.removed, this.#onRemoved);
    this.#transport.on(HubEvent.refused, this.#onRefused);
    this.#transport.onreconnecting(() => {
      if (this.#disposed || this.#access !== 'open') return;
      this.#lostConnection('reconnecting');
    });
    this.#transport.onreconnected(() => {
      if (this.#disposed || this.#access !== 'open') return;
      this.#connectionUp = true;
      void this.#join();
    });
    this.#transport.onclose(() => {
      if (this.#disposed || this.#access !== 'open') return;
      this.#lostConnection('offline');
      this.#scheduleStart();
    });

    this.#events?.addEventListener('online', this.#onOnline);
    this.#events?.addEventListener('offline', this.#onOffline);
    this.#events?.addEventListener('pagehide', this.#onPageHide);
    this.#events?.addEventListener('pageshow', this.#onPageShow);
    // Started on the next task rather than here: a client disposed in the same tick (React StrictMode
    // mounts effects twice) then never opens a socket.
    this.#restartTimer = setTimeout(() => void this.#start(), 0);
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** True while a local change may not be stored on the server yet. */
  get unsynced(): boolean {
    return this.#unsyncedSince !== null;
  }

  /** When (`Date.now()`) the oldest local change not known to be stored was made; null when all are. */
  get unsyncedSince(): number | null {
    return this.#unsyncedSince;
  }

  get refusal(): Refusal | null {
    return this.#refusal;
  }

  /** Everyone present (this tab first); a new array whenever someone joins, leaves, renames or recolours. */
  get participants(): readonly Participant[] {
    return this.#participants;
  }

  /** The language everyone's editor highlights (`meta.language`, or the session's until it is set). */
  get language(): LanguageId {
    return this.#language;
  }

  get name(): string {
    return this.#name;
  }

  /** Interviewer or candidate: from the key at first, then as the hub's JoinResult says. */
  get role(): Role {
    return this.#role;
  }

  get access(): Access {
    return this.#access;
  }

  /** The latest session state and when this browser received it (null before the first). */
  get state(): ReceivedState | null {
    return this.#state;
  }

  /** True once the interview has ended: the document is read-only and nothing is pushed. */
  get ended(): boolean {
    return this.#state?.state.ended === true;
  }

  /**
   * Takes a session state from outside the hub (the answer to a control call), so the interviewer sees
   * the change at once; older states (by the server's clock) are ignored.
   */
  applyState(state: SessionState): void {
    if (this.#disposed) return;
    const current = this.#state?.state ?? null;
    if (!isNewer(state, current)) return;
    // The end is for good: a state that says otherwise was produced before it.
    const next = current?.ended && !state.ended ? { ...state, ended: true, endedAt: current.endedAt } : state;
    const endsNow = next.ended && !current?.ended;
    this.#state = { state: next, receivedAt: this.#now() };
    if (endsNow) this.#stopPushing();
    this.#emitter.emit('state', this.#state);
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof CollabEvents>(event: K, listener: CollabEvents[K]): () => void {
    return this.#emitter.on(event, listener);
  }

  /**
   * Switches everyone's language. An untouched starter (or an empty editor) becomes the new language's
   * starter in the same transaction, so only the person who switched replaces it.
   */
  setLanguage(language: LanguageId): void {
    if (this.#disposed || language === this.#language) return;
    const from = this.#language;
    this.doc.transact(() => {
      this.meta.set('language', language);
      const current = this.text.toString();
      const next = textAfterLanguageChange(current, from, language);
      if (next !== current) {
        this.text.delete(0, this.text.length);
        this.text.insert(0, next);
      }
    });
  }

  /** Replaces the whole code (loading a question's starter), in one transaction everyone sees. */
  replaceCode(code: string): void {
    if (this.#disposed || this.ended || code === this.text.toString()) return;
    this.doc.transact(() => {
      this.text.delete(0, this.text.length);
      this.text.insert(0, code);
    });
  }

  /** Changes the name others see now, and the one sent with the next JoinSession. */
  setName(name: string): void {
    if (this.#disposed || name === this.#name) return;
    this.#name = name;
    this.#setLocalUser();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#epoch++;
    clearTimeout(this.#restartTimer);
    clearTimeout(this.#resyncTimer);
    clearTimeout(this.#awarenessTimer);
    clearTimeout(this.#offlineTimer);
    clearTimeout(this.#confirmTimer);
    this.#cancelFlush?.();
    this.#events?.removeEventListener('online', this.#onOnline);
    this.#events?.removeEventListener('offline', this.#onOffline);
    this.#events?.removeEventListener('pagehide', this.#onPageHide);
    this.#events?.removeEventListener('pageshow', this.#onPageShow);
    this.#transport.off(HubEvent.update, this.#onRemoteUpdate);
    this.#transport.off(HubEvent.awareness, this.#onRemoteAwareness);
    this.#transport.off(HubEvent.resync, this.#onResync);
    this.#transport.off(HubEvent.sessionState, this.#onSessionState);
    this.#transport.off(HubEvent.removed, this.#onRemoved);
    this.#transport.off(HubEvent.refused, this.#onRefused);
    this.doc.off('update', this.#onDocUpdate);
    this.meta.unobserve(this.#onMetaChange);
    this.awareness.off('update', this.#onAwarenessUpdate);
    this.awareness.off('change', this.#onAwarenessChange);
    this.#emitter.clear();

    // Say goodbye so the others drop our cursor at once (the hub would also announce it on disconnect),
    // then stop; waiting at most a second for the goodbye to be acknowledged.
    const goodbye = this.#joined ? this.#withdrawPresence() : null;
    this.awareness.destroy();
    this.doc.destroy();
    if (goodbye === null) {
      this.#transport.stop().catch(() => undefined);
      return;
    }
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      this.#transport.stop().catch(() => undefined);
    };
    const timer = setTimeout(stop, 1000);
    void goodbye.then(stop);
  }

  // ---- connection lifecycle ----

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  async #start(): Promise<void> {
    this.#restartTimer = undefined;
    if (this.#disposed || this.#access !== 'open') return;
    try {
      await this.#transport.start();
    } catch {
      // Refused (e.g. 404 for an expired session) or unreachable; stopping during start after dispose too.
      if (this.#disposed) return;
      this.#failedStarts++;
      this.#setStatus('offline');
      this.#scheduleStart();
      return;
    }
    if (this.#disposed) return;
    this.#failedStarts = 0;
    this.#connectionUp = true;
    await this.#join();
  }

  #scheduleStart(): void {
    if (this.#disposed || this.#access !== 'open' || this.#restartTimer !== undefined) return;
    this.#restartTimer = setTimeout(() => void this.#start(), this.#retryDelay(Math.max(0, this.#failedStarts - 1)));
  }

  /** `reconnecting` turns into `offline` if it lasts. */
  #startOfflineTimer(): void {
    clearTimeout(this.#offlineTimer);
    this.#offlineTimer = setTimeout(() => {
      this.#offlineTimer = undefined;
      if (this.#status === 'reconnecting') this.#setStatus('offline');
    }, this.#options.offlineAfterMs ?? 10_000);
  }

  #lostConnection(status: 'reconnecting' | 'offline'): void {
    this.#epoch++;
    this.#connectionUp = false;
    this.#joined = false;
    this.#joining = false;
    clearTimeout(this.#resyncTimer);
    this.#resyncTimer = undefined;
    // Unsent local changes stay in the document; the next join's state-vector exchange sends them, and the
    // pushes not yet confirmed too.
    this.#outbox = [];
    this.#forgetPushes();
    this.#awarenessDirty = false;
    clearTimeout(this.#awarenessTimer);
    this.#awarenessTimer = undefined;
    // Without a connection the others' cursors would only go stale; the next join brings them back.
    // Their clocks are forgotten too, or the join's snapshot (same clocks) would not bring them back.
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    removeAwarenessStates(this.awareness, others, REMOTE);
    for (const id of others) this.awareness.meta.delete(id);
    this.#setStatus(status);
    if (status === 'reconnecting') this.#startOfflineTimer();
    this.#refreshUnsynced();
  }

  /**
   * JoinSession: apply what we lack, push what the server lacks, announce our presence. Called after every
   * (re)connect, and again (a resync) after the hub refused a push.
   */
  async #join(): Promise<void> {
    if (this.#disposed || this.#joining || this.#access !== 'open') return;
    const epoch = this.#epoch;
    this.#joining = true;
    clearTimeout(this.#resyncTimer);
    this.#resyncTimer = undefined;
    let raw: unknown;
    try {
      raw = await this.#transport.invoke(
        HubMethod.join,
        this.#options.sessionId,
        this.#name,
        Y.encodeStateVector(this.doc),
        this.#options.participantId,
        this.#interviewerKey,
      );
    } catch (error) {
      if (this.#disposed || epoch !== this.#epoch) return;
      this.#joining = false;
      const code = hubErrorCode(error);
      this.#emitter.emit('error', { operation: 'join', code, error });
      if (code === 'session-full') this.#setRefusal('session-full');
      if (code === 'forbidden' && this.#interviewerKey !== null) {
        // A stale key: forget it and join as a candidate straight away.
        this.#interviewerKey = null;
        this.#setRole('candidate');
        this.#emitter.emit('keyRejected');
        void this.#join();
      } else if (code === 'removed') this.#shutOut('removed');
      else if (code === 'session-locked') this.#shutOut('locked');
      else this.#scheduleResync();
      return;
    }
    if (this.#disposed || epoch !== this.#epoch) return;
    this.#joining = false;
    try {
      const result = readJoinResult(raw);
      if (this.#refusal === 'session-full') this.#setRefusal(null);
      if (result.role !== null) this.#setRole(result.role);
      const state = readSessionState(result.state);
      if (state !== null) this.applyState(state);
      if (!isEmptyUpdate(result.update)) Y.applyUpdate(this.doc, result.update, REMOTE);
      if (result.awareness.length > 0) applyAwarenessUpdate(this.awareness, result.awareness, REMOTE);
      this.#joined = true;
      // Everything local is now on the server or in `missing` (computed after applying, so it also holds
      // changes made while JoinSession was under way), so the outbox and any refused push are covered.
      this.#outbox = [];
      this.#resyncDue = false;
      this.#forgetPushes();
      const missing = Y.encodeStateAsUpdate(this.doc, result.stateVector);
      // After the end the hub refuses every push; what we hold locally stays here.
      if (!isEmptyUpdate(missing) && !this.ended) this.#pushUpdate(missing);
    } catch (error) {
      this.#emitter.emit('error', { operation: 'apply', code: null, error });
      this.#scheduleResync();
      return;
    }

    const first = !this.#everJoined;
    this.#everJoined = true;
    if (first && !this.ended) this.#seed();
    if (!this.#colorChosen) this.#chooseColor();
    // Announce ourselves with a fresh clock: the hub may just have told the others we left.
    this.#setLocalUser(true);
    clearTimeout(this.#offlineTimer);
    this.#offlineTimer = undefined;
    this.#setStatus('connected');
    this.#refreshUnsynced();
    this.#emitter.emit('synced', first);
  }

  #scheduleResync(): void {
    if (this.#disposed || this.#resyncTimer !== undefined) return;
    this.#resyncTimer = setTimeout(() => {
      this.#resyncTimer = undefined;
      // Without a connection the reconnect joins anyway.
      if (this.#disposed || !this.#connectionUp) return;
      if (this.#joining) this.#scheduleResync();
      else void this.#join();
    }, this.#retryDelay(this.#failedResyncs++));
  }

  /** After the first join: the session's language if the document has none, the starter if empty. */
  #seed(): void {
    if (!isLanguageId(this.meta.get('language'))) this.meta.set('language', this.#options.language);
    if (this.#role === 'interviewer' && this.text.length === 0) {
      const question = this.#options.questionStarter ?? null;
      Y.applyUpdate(this.doc, starterUpdate(this.#language, question), 'seed');
    }
  }

  // ---- document ----

  readonly #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === REMOTE || this.ended) return;
    this.#setUnsynced(true);
    if (!this.#joined) return; // the next join's state-vector exchange sends it
    this.#outbox.push(update);
    this.#requestFlush();
  };

  /** The hub asks for the reconnect routine on the open connection (updates may have been dropped). */
  readonly #onResync = (): void => {
    if (this.#disposed || !this.#connectionUp) return;
    if (this.#joining) this.#scheduleResync();
    else void this.#join();
  };

  readonly #onRemoteUpdate = (...args: unknown[]): void => {
    if (this.#disposed) return;
    try {
      Y.applyUpdate(this.doc, readBytes(args[0]), REMOTE);
    } catch (error) {
      this.#emitter.emit('error', { operation: 'apply', code: null, error });
    }
    // A gap (Yjs keeps the update pending): something it builds on was stored but never relayed to us,
    // e.g. a hub instance died in between. The state-vector exchange fetches it (protocol rule 3).
    if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null) this.#onResync();
  };

  readonly #onMetaChange = (): void => {
    const language = this.meta.get('language');
    if (!isLanguageId(language) || language === this.#language) return;
    this.#language = language;
    this.#emitter.emit('language', language);
  };

  #requestFlush(): void {
    if (this.#cancelFlush === undefined) this.#cancelFlush = this.#scheduleFlush(this.#flush);
  }

  readonly #flush = (): void => {
    this.#cancelFlush = undefined;
    if (this.#disposed || !this.#joined) return;
    const updates = this.#outbox;
    this.#outbox = [];
    if (updates.length > 0) {
      const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
      // A merge over the hub's per-update limit goes out piece by piece instead.
      if (merged.length > MAX_UPDATE_BYTES && updates.length > 1) for (const update of updates) this.#pushUpdate(update);
      else this.#pushUpdate(merged);
    }
    if (this.#awarenessDirty && this.#awarenessTimer === undefined) {
      const wait = this.#lastAwarenessPush + AWARENESS_INTERVAL_MS - Date.now();
      if (wait > 0) {
        // Too soon after the last one: send the latest state when the interval is over.
        this.#awarenessTimer = setTimeout(() => {
          this.#awarenessTimer = undefined;
          this.#requestFlush();
        }, wait);
      } else {
        this.#awarenessDirty = false;
        this.#lastAwarenessPush = Date.now();
        this.#pushAwareness(encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
      }
    }
  };

  /**
   * Pushes an update: answered (`PushUpdate`) when the last answered call is at least CONFIRM_INTERVAL_MS old,
   * else without an answer (`SendUpdate`), with a `Confirm` due by then.
   */
  #pushUpdate(update: Uint8Array): void {
    const seq = ++this.#pushSeq;
    this.#unstored.push({ seq, at: Date.now() });
    if (Date.now() - this.#lastAnswered < CONFIRM_INTERVAL_MS) {
      // A dropped connection fails the send; the next join's state-vector exchange pushes the change instead.
      this.#transport.send(HubMethod.sendUpdate, this.#options.sessionId, update).catch(() => undefined);
      this.#scheduleConfirm();
      return;
    }
    this.#answered(this.#transport.invoke(HubMethod.pushUpdate, this.#options.sessionId, update), 'push-update');
  }

  /** A `Confirm` for the pushes sent without an answer, when the interval since the last answered call is over. */
  #scheduleConfirm(): void {
    if (this.#confirmTimer !== undefined) return;
    this.#confirmTimer = setTimeout(() => {
      this.#confirmTimer = undefined;
      if (this.#disposed || !this.#joined || this.#answeredThrough >= this.#pushSeq) return;
      this.#answered(this.#transport.invoke(HubMethod.confirm, this.#options.sessionId), 'confirm');
    }, Math.max(0, this.#lastAnswered + CONFIRM_INTERVAL_MS - Date.now()));
  }

  /**
   * An answered call issued now: its answer means every push issued before it is stored (or was refused). Its
   * failure leaves those pushes unknown, so it resyncs them like a refused push.
   */
  #answered(call: Promise<unknown>, operation: 'push-update' | 'confirm'): void {
    const epoch = this.#epoch;
    const through = this.#pushSeq;
    this.#lastAnswered = Date.now();
    this.#answeredThrough = through;
    call.then(
      () => {
        if (this.#disposed || epoch !== this.#epoch) return;
        this.#failedResyncs = 0;
        this.#stored(through);
      },
      (error: unknown) => {
        if (!this.#disposed) this.#pushRefused(epoch, hubErrorCode(error), error, operation);
      },
    );
  }

  /** Pushes up to `through` are stored: the oldest change still waiting is a later one. */
  #stored(through: number): void {
    while (this.#unstored.length > 0 && this.#unstored[0]!.seq <= through) this.#unstored.shift();
    // A refused push keeps its change waiting (and its age) until the resync.
    if (this.#unsyncedSince !== null && !this.#resyncDue) {
      this.#setUnsyncedSince(Math.max(this.#unsyncedSince, this.#unstored[0]?.at ?? Date.now()));
    }
    this.#refreshUnsynced();
  }

  /** The next join's state-vector exchange covers every push issued before it. */
  #forgetPushes(): void {
    this.#unstored = [];
    this.#answeredThrough = this.#pushSeq;
    clearTimeout(this.#confirmTimer);
    this.#confirmTimer = undefined;
  }

  #pushRefused(epoch: number, code: HubErrorCode | null, error: unknown, operation: 'push-update' | 'confirm'): void {
    if (code === 'session-ended') {
      this.#endedByHub();
      return;
    }
    // Pushes cancelled by a dropped connection are covered by the rejoin; on a live connection the
    // update was refused, so a resync sends it again (computed afresh from the document).
    if (epoch === this.#epoch && this.#joined) {
      this.#resyncDue = true;
      this.#emitter.emit('error', { operation, code, error });
      if (code === 'document-too-large' || code === 'too-large') this.#setRefusal(code);
      this.#scheduleResync();
    }
    this.#refreshUnsynced();
  }

  /** The hub refused a call we sent without an answer (`Refused`: method, code). */
  readonly #onRefused = (...args: unknown[]): void => {
    if (this.#disposed) return;
    const error = new Error(`${String(args[0])} refused: ${String(args[1])}`);
    const code = hubErrorCode(String(args[1]));
    if (args[0] === HubMethod.sendUpdate) this.#pushRefused(this.#epoch, code, error, 'push-update');
    else if (args[0] === HubMethod.sendAwareness) this.#emitter.emit('error', { operation: 'push-awareness', code, error });
  };

  // ---- roles and controls ----

  readonly #onSessionState = (...args: unknown[]): void => {
    if (this.#disposed) return;
    const state = readSessionState(args[0]);
    if (state !== null) this.applyState(state);
  };

  readonly #onRemoved = (): void => {
    if (!this.#disposed) this.#shutOut('removed');
  };

  /** A push was refused because the interview ended before the state reached us: end it here too. */
  #endedByHub(): void {
    if (this.ended) {
      this.#stopPushing();
      return;
    }
    const base = this.#state?.state ?? readSessionState({}, 0)!;
    // The same server time, so the hub's own state (with the real endedAt) still replaces this one.
    this.applyState({ ...base, ended: true, endedAt: base.endedAt ?? this.#now(), timer: { ...base.timer, running: false } });
  }

  /** Nothing local is pushed any more: the hub would refuse it. Presence goes on. */
  #stopPushing(): void {
    this.#outbox = [];
    this.#forgetPushes();
    this.#resyncDue = false;
    clearTimeout(this.#resyncTimer);
    this.#resyncTimer = undefined;
    this.#setUnsynced(false);
  }

  /** Removed or locked out: no reconnecting, ever; the hub closes the connection (we do too). */
  #shutOut(access: Exclude<Access, 'open'>): void {
    if (this.#access !== 'open') return;
    this.#access = access;
    this.#epoch++;
    this.#joined = false;
    this.#connectionUp = false;
    clearTimeout(this.#restartTimer);
    clearTimeout(this.#resyncTimer);
    clearTimeout(this.#offlineTimer);
    this.#restartTimer = this.#resyncTimer = this.#offlineTimer = undefined;
    this.#outbox = [];
    this.#forgetPushes();
    this.#transport.stop().catch(() => undefined);
    this.#setStatus('offline');
    this.#emitter.emit('access', access);
  }

  #setRole(role: Role): void {
    if (role === this.#role) return;
    this.#role = role;
    this.#emitter.emit('role', role);
  }

  #setUnsynced(unsynced: boolean): void {
    if (!unsynced && this.#refusal !== 'session-full') this.#setRefusal(null);
    if (unsynced === this.unsynced) return;
    this.#setUnsyncedSince(unsynced ? Date.now() : null);
    this.#emitter.emit('unsynced', unsynced);
  }

  #setUnsyncedSince(since: number | null): void {
    if (this.#unsyncedSince === since) return;
    this.#unsyncedSince = since;
    this.#emitter.emit('unsyncedSince', since);
  }

  /** Clears `unsynced` once nothing local waits: joined, nothing queued, unconfirmed or due for resync. */
  #refreshUnsynced(): void {
    if (this.#joined && this.#unstored.length === 0 && this.#outbox.length === 0 && !this.#resyncDue) this.#setUnsynced(false);
  }

  // ---- awareness ----

  #setLocalUser(force = false): void {
    const state = this.awareness.getLocalState();
    if (state === null) return;
    const current = readUser(this.doc.clientID, state);
    const color = current?.color ?? colorForClient(this.doc.clientID);
    if (!force && current?.name === this.#name) return;
    this.awareness.setLocalState({ ...state, user: { name: this.#name, color } });
  }

  /**
   * The first palette colour none of the others uses. Also called when someone else turns out to have
   * ours (two joined at once): the one with the lower client id keeps it, so the choice converges.
   */
  #chooseColor(): void {
    const state = this.awareness.getLocalState();
    if (state === null) return;
    this.#colorChosen = true;
    const others = [...this.awareness.getStates()]
      .filter(([id]) => id !== this.doc.clientID)
      .map(([id, s]) => readUser(id, s)?.color)
      .filter((c): c is string => c !== undefined);
    const color = pickColor(this.doc.clientID, others);
    const current = readUser(this.doc.clientID, state);
    if (current?.color !== color) this.awareness.setLocalState({ ...state, user: { name: this.#name, color } });
  }

  #hasColorConflict(): boolean {
    const mine = readUser(this.doc.clientID, this.awareness.getLocalState())?.color;
    for (const [id, state] of this.awareness.getStates()) {
      if (id < this.doc.clientID && readUser(id, state)?.color === mine) return true;
    }
    return false;
  }

  readonly #onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
  ): void => {
    const id = this.doc.clientID;
    // Ours changed: locally, by the 15 s renewal, or because a remote update claimed we left (then
    // y-protocols keeps our state with a higher clock, and pushing it tells everyone we are still here).
    if (!added.includes(id) && !updated.includes(id) && !removed.includes(id)) return;
    if (!this.#joined) return; // the next join announces us
    this.#awarenessDirty = true;
    this.#requestFlush();
  };

  readonly #onAwarenessChange = (_change: unknown, origin: unknown): void => {
    if (origin === REMOTE && this.#colorChosen && this.#joined && this.#hasColorConflict()) this.#chooseColor();
    const participants = participantsFrom(this.awareness.getStates(), this.doc.clientID);
    if (sameParticipants(participants, this.#participants)) return;
    this.#participants = participants;
    this.#emitter.emit('participants', participants);
  };

  readonly #onRemoteAwareness = (...args: unknown[]): void => {
    if (this.#disposed) return;
    try {
      applyAwarenessUpdate(this.awareness, readBytes(args[0]), REMOTE);
    } catch (error) {
      this.#emitter.emit('error', { operation: 'apply', code: null, error });
    }
  };

  /** Presence is best effort: the 15 s renewal (or the next join) corrects a lost update; a refusal comes as `Refused`. */
  #pushAwareness(update: Uint8Array): void {
    this.#transport.send(HubMethod.sendAwareness, this.#options.sessionId, update).catch(() => undefined);
  }

  /** Sets our awareness state to null and pushes that at once (not on the next frame), answered: stopping waits for it. */
  #withdrawPresence(): Promise<void> {
    this.awareness.setLocalState(null);
    this.#awarenessDirty = false;
    const update = encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
    return this.#transport.invoke(HubMethod.pushAwareness, this.#options.sessionId, update).then(
      () => undefined,
      (error: unknown) => {
        if (!this.#disposed) this.#emitter.emit('error', { operation: 'push-awareness', code: hubErrorCode(error), error });
      },
    );
  }

  // ---- browser events ----

  /** Back online: a closed transport starts at once (SignalR's own reconnect keeps its schedule). */
  readonly #onOnline = (): void => {
    if (this.#disposed || this.#status !== 'offline') return;
    if (this.#restartTimer !== undefined) {
      clearTimeout(this.#restartTimer);
      this.#restartTimer = undefined;
      void this.#start();
    } else if (!this.#connectionUp) {
      // SignalR is retrying on its own schedule (at most about 5 s apart).
      this.#setStatus('reconnecting');
      this.#startOfflineTimer();
    }
  };

  readonly #onOffline = (): void => {
    if (!this.#disposed && this.#status === 'reconnecting') this.#setStatus('offline');
  };

  /** Closing the tab: withdraw our presence while the socket is still open. */
  readonly #onPageHide = (): void => {
    const state = this.awareness.getLocalState();
    if (this.#disposed || state === null) return;
    this.#hiddenState = state;
    if (this.#joined) void this.#withdrawPresence();
    else this.awareness.setLocalState(null);
  };

  /** Back from the back/forward cache: present again. */
  readonly #onPageShow = (event: Event): void => {
    if (this.#disposed || this.#hiddenState === null || !(event as PageTransitionEvent).persisted) return;
    const state = this.#hiddenState;
    this.#hiddenState = null;
    this.awareness.setLocalState(state);
  };

  #setRefusal(refusal: Refusal | null): void {
    if (this.#disposed || this.#refusal === refusal) return;
    this.#refusal = refusal;
    this.#emitter.emit('refusal', refusal);
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#disposed || status === this.#status) return;
    this.#status = status;
    this.#emitter.emit('status', status);
  }
}
