import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  AWARENESS_INTERVAL_MS,
  CONFIRM_INTERVAL_MS,
  CollabClient,
  isEmptyUpdate,
  starterUpdate,
  type CollabClientOptions,
  type CollabError,
} from './collabClient';
import { hubUrl } from './hubTransport';
import { starterCode } from './languages';
import { PALETTE } from './presence';
import { FakeHub, FakeServer } from './testing/fakeHub';

const SESSION = 'Ab3_-Ab3_-Ab3_-Ab3_-xy';
const KEY = 'interviewer-key-0123456789';

let server: FakeServer;
let frames: (() => void)[];
const clients: CollabClient[] = [];

type Harness = {
  readonly client: CollabClient;
  readonly hub: FakeHub;
  readonly events: EventTarget;
  readonly unsynced: boolean[];
  readonly errors: CollabError[];
};

/** A client on its own fake connection to `server`; batched pushes wait for {@link sync}. */
function open(options: Partial<CollabClientOptions> & { readonly hub?: FakeHub } = {}): Harness {
  const hub = options.hub ?? new FakeHub(server);
  const events = new EventTarget();
  const client = new CollabClient({
    sessionId: SESSION,
    name: 'Ada',
    language: 'javascript',
    participantId: 'participant-id-0123456a',
    interviewerKey: null,
    createTransport: (url) => ((hub.url = url), hub),
    scheduleFlush: (callback) => {
      frames.push(callback);
      return () => void frames.splice(frames.indexOf(callback) >>> 0, 1);
    },
    retryDelay: (attempt) => [100, 1000][Math.min(attempt, 1)]!,
    events,
    ...options,
  });
  clients.push(client);
  const unsynced: boolean[] = [];
  const errors: CollabError[] = [];
  client.on('unsynced', (value) => unsynced.push(value));
  client.on('error', (error) => errors.push(error));
  return { client, hub, events, unsynced, errors };
}

/** Lets pending starts, calls and animation frames run until nothing is left to do. */
async function sync(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await vi.advanceTimersByTimeAsync(0);
    const due = frames.splice(0);
    for (const frame of due) frame();
    if (due.length === 0) await vi.advanceTimersByTimeAsync(0);
  }
}

/** {@link sync}, then again once the awareness interval is over, so throttled presence updates go out too. */
async function syncPresence(): Promise<void> {
  await sync();
  await vi.advanceTimersByTimeAsync(AWARENESS_INTERVAL_MS);
  await sync();
}

/** {@link sync}, then again once the confirmation interval is over, so unanswered pushes are confirmed. */
async function syncConfirmed(): Promise<void> {
  await sync();
  await vi.advanceTimersByTimeAsync(CONFIRM_INTERVAL_MS);
  await sync();
}

function type(client: CollabClient, text: string, at = client.text.length): void {
  client.text.insert(at, text);
}

beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeServer();
  server.doc.getMap('meta').set('language', 'javascript');
  frames = [];
});

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
  server.destroy();
  vi.useRealTimers();
});

describe('CollabClient joining', () => {
  it('connects to its session and joins with its state vector', async () => {
    const { client, hub } = open();
    expect(hub.url).toBe(hubUrl(SESSION));
    expect(client.status).toBe('connecting');
    type(client, 'x');
    const stateVector = Y.encodeStateVector(client.doc);
    await sync();
    const [join] = hub.calls('JoinSessionAs');
    expect(join?.args[0]).toBe(SESSION);
    expect(join?.args[1]).toBe('Ada');
    expect(join?.args[2]).toEqual(stateVector);
    expect(client.status).toBe('connected');
  });

  it('applies what the server has and pushes only what the server lacks', async () => {
    server.doc.getText('code').insert(0, 'server;');
    const { client, hub } = open();
    type(client, 'offline;'); // before the first connection
    await sync();
    expect(client.text.toString()).toContain('server;');
    expect(client.text.toString()).toContain('offline;');
    expect(server.text).toBe(client.text.toString());
    expect(hub.calls('PushUpdate')).toHaveLength(1);
  });

  it('pushes nothing when the server already has everything', async () => {
    const { hub } = open();
    await sync();
    expect(hub.calls('JoinSessionAs')).toHaveLength(1);
    expect(hub.calls('PushUpdate')).toHaveLength(0);
  });

  it('joins again with its state vector when the hub asks for a resync', async () => {
    const { client, hub } = open();
    await sync();
    type(client, 'kept;');
    await sync();

    hub.emit('Resync');
    await sync();

    const joins = hub.calls('JoinSessionAs');
    expect(joins).toHaveLength(2);
    expect(joins[1]?.args[2]).toEqual(Y.encodeStateVector(client.doc));
    expect(server.text).toBe(client.text.toString());
  });

  it('resyncs when a relayed update builds on one that never arrived', async () => {
    const { hub } = open();
    await sync();
    const writer = new Y.Doc();
    writer.getText('code').insert(0, 'first');
    const first = Y.encodeStateAsUpdate(writer);
    writer.getText('code').insert(5, ' second');
    const second = Y.encodeStateAsUpdate(writer, Y.encodeStateVectorFromUpdate(first));
    Y.applyUpdate(server.doc, first); // stored, but the relay to us was lost

    hub.emit('Update', second);
    await sync();

    expect(hub.calls('JoinSessionAs')).toHaveLength(2);
  });

  it('reads the empty update as carrying nothing', () => {
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
    expect(isEmptyUpdate(new Uint8Array(0))).toBe(true);
    expect(isEmptyUpdate(starterUpdate('go'))).toBe(false);
  });

  it('retries a refused join after a backoff', async () => {
    const { client, hub, errors } = open();
    hub.refuse.set('JoinSessionAs', ['session-not-found']);
    await sync();
    expect(client.status).toBe('connecting');
    expect(errors.map((e) => e.code)).toEqual(['session-not-found']);
    await vi.advanceTimersByTimeAsync(100);
    await sync();
    expect(hub.calls('JoinSessionAs')).toHaveLength(2);
    expect(client.status).toBe('connected');
  });

  it('seeds the session language into a document that has none', async () => {
    server.doc.getMap('meta').delete('language');
    const { client } = open({ language: 'python' });
    await sync();
    expect(server.doc.getMap('meta').get('language')).toBe('python');
    expect(client.language).toBe('python');
  });

  it('seeds the starter code for the interviewer only', async () => {
    const participant = open();
    await sync();
    expect(participant.client.text.toString()).toBe('');

    open({ interviewerKey: KEY, name: 'Grace' });
    await sync();
    expect(server.text).toBe(starterCode('javascript'));
    expect(participant.client.text.toString()).toBe(starterCode('javascript'));
  });

  it('never inserts the starter code twice when two interviewers join an empty session at once', async () => {
    const a = open({ interviewerKey: KEY });
    const b = open({ interviewerKey: KEY });
    // Both joins are answered before either pushes its seed.
    a.hub.held.add('PushUpdate');
    b.hub.held.add('PushUpdate');
    await sync();
    expect(a.client.text.toString()).toBe(starterCode('javascript'));
    expect(b.client.text.toString()).toBe(starterCode('javascript'));
    a.hub.held.clear();
    b.hub.held.clear();
    for (const { hub } of [a, b]) for (const call of hub.calls('PushUpdate')) server.handle(hub, call);
    await sync();
    expect(server.text).toBe(starterCode('javascript'));
    expect(a.client.text.toString()).toBe(starterCode('javascript'));
    expect(b.client.text.toString()).toBe(starterCode('javascript'));
  });
});

describe('CollabClient editing', () => {
  it('batches the edits of one frame into a single push', async () => {
    const { client, hub } = open();
    await sync();
    type(client, 'a');
    type(client, 'b');
    type(client, 'c');
    expect(hub.calls('PushUpdate')).toHaveLength(0);
    await sync();
    expect(hub.calls('PushUpdate')).toHaveLength(1);
    expect(server.text).toBe('abc');
  });

  it('does not echo remote updates back to the server', async () => {
    const a = open();
    const b = open({ name: 'Bob' });
    await sync();
    type(a.client, 'hello');
    await sync();
    expect(b.client.text.toString()).toBe('hello');
    expect(b.hub.calls('PushUpdate')).toHaveLength(0);
    expect(a.hub.calls('PushUpdate')).toHaveLength(1);
  });

  it('ends identical when both type at the same time', async () => {
    const a = open();
    const b = open({ name: 'Bob' });
    await sync();
    type(a.client, 'from a;');
    type(b.client, 'from b;');
    await sync();
    expect(a.client.text.toString()).toBe(b.client.text.toString());
    expect(server.text).toBe(a.client.text.toString());
    expect(server.text).toContain('from a;');
    expect(server.text).toContain('from b;');
  });

  it('keeps unsynced changes until an answered call issued after their push has completed', async () => {
    const { client, hub, unsynced } = open();
    await sync();
    hub.held.add('PushUpdate');
    hub.held.add('Confirm');
    const typedA = Date.now();
    type(client, 'a');
    expect(client.unsynced).toBe(true);
    expect(client.unsyncedSince).toBe(typedA);
    await sync();
    await vi.advanceTimersByTimeAsync(100);
    const typedB = Date.now();
    type(client, 'b');
    await sync();
    // The first push is answered; the next, within the interval, goes without an answer and is relayed at once.
    expect(hub.calls('PushUpdate')).toHaveLength(1);
    expect(hub.calls('SendUpdate')).toHaveLength(1);
    hub.calls('PushUpdate')[0]!.resolve();
    await sync();
    expect(client.unsynced).toBe(true);
    expect(client.unsyncedSince).toBe(typedB);

    // Once the interval since the answered push is over, a Confirm covers the unanswered one.
    await vi.advanceTimersByTimeAsync(CONFIRM_INTERVAL_MS - 100);
    const [confirm] = hub.calls('Confirm');
    expect(confirm).toBeDefined();
    expect(client.unsynced).toBe(true);
    confirm!.resolve();
    await sync();
    expect(client.unsynced).toBe(false);
    expect(client.unsyncedSince).toBeNull();
    expect(unsynced).toEqual([true, false]);
  });

  it('sends keystrokes within the interval without answers and confirms them at least that often', async () => {
    const { client, hub } = open();
    await sync();
    let oldestWait = 0;
    for (let i = 0; i < 16; i++) {
      type(client, String(i % 10));
      await sync();
      await vi.advanceTimersByTimeAsync(125); // 8 keystrokes a second
      oldestWait = Math.max(oldestWait, Date.now() - (client.unsyncedSince ?? Date.now()));
    }
    // What the connection indicator goes by: no change waits anywhere near its second while the hub answers.
    expect(oldestWait).toBeLessThanOrEqual(CONFIRM_INTERVAL_MS + 125);
    await syncConfirmed();
    expect(server.text).toBe('0123456789012345');
    const answered = hub.calls('PushUpdate').length + hub.calls('Confirm').length;
    expect(hub.calls('SendUpdate').length).toBeGreaterThanOrEqual(11);
    expect(answered).toBeGreaterThanOrEqual(4);
    expect(answered).toBeLessThanOrEqual(6);
    expect(client.unsynced).toBe(false);
  });

  it('resyncs an edit whose unanswered push the hub refused', async () => {
    const { client, hub, errors } = open();
    await sync();
    type(client, 'a');
    await sync();
    hub.refuse.set('SendUpdate', ['rate-limited']);
    const typedB = Date.now();
    type(client, 'b');
    await sync();
    expect(errors.map((e) => [e.operation, e.code])).toEqual([['push-update', 'rate-limited']]);
    expect(server.text).toBe('a');
    expect(client.unsynced).toBe(true);

    // The Confirm after it answers, but the refused change still waits for its resync.
    hub.held.add('JoinSessionAs');
    await syncConfirmed();
    expect(hub.calls('Confirm')).toHaveLength(1);
    expect(client.unsynced).toBe(true);
    expect(client.unsyncedSince).toBe(typedB);

    hub.held.clear();
    server.handle(hub, hub.calls('JoinSessionAs')[1]!);
    await syncConfirmed();
    expect(hub.calls('JoinSessionAs')).toHaveLength(2);
    expect(server.text).toBe('ab');
    expect(client.unsynced).toBe(false);
  });

  it('keeps editing offline and sends those edits when it reconnects', async () => {
    const { client, hub } = open();
    await sync();
    hub.drop();
    expect(client.status).toBe('reconnecting');
    type(client, 'offline edit');
    await sync();
    expect(client.unsynced).toBe(true);
    expect(hub.calls('PushUpdate')).toHaveLength(0);

    hub.reconnect();
    await sync();
    expect(client.status).toBe('connected');
    expect(server.text).toBe('offline edit');
    expect(client.unsynced).toBe(false);
  });

  it('sends an edit again whose push was cancelled by a dropped connection', async () => {
    const { client, hub } = open();
    await sync();
    hub.held.add('PushUpdate');
    type(client, 'in flight');
    await sync();
    hub.drop();
    hub.held.clear();
    hub.reconnect();
    await syncConfirmed();
    expect(server.text).toBe('in flight');
    expect(client.unsynced).toBe(false);
  });

  it('resyncs the pushes a refused Confirm was to vouch for, and says it was the Confirm', async () => {
    const { client, hub, errors } = open();
    await sync();
    type(client, 'a'); // answered: PushUpdate
    await sync();
    hub.refuse.set('Confirm', ['not-joined']);
    type(client, 'b'); // within the interval: SendUpdate, then a Confirm
    await syncConfirmed();
    expect(hub.calls('Confirm')).toHaveLength(1);
    expect(errors.map((e) => [e.operation, e.code])).toEqual([['confirm', 'not-joined']]);
    expect(client.unsynced).toBe(true);

    hub.refuse.clear();
    await vi.advanceTimersByTimeAsync(100);
    await syncConfirmed();
    expect(hub.calls('JoinSessionAs')).toHaveLength(2);
    expect(server.text).toBe('ab');
    expect(client.unsynced).toBe(false);
  });

  it('does not lose an edit the hub refused but resyncs it after a backoff', async () => {
    const { client, hub, errors } = open();
    await sync();
    hub.refuse.set('PushUpdate', ['rate-limited']);
    type(client, 'keep me');
    await sync();
    expect(errors.map((e) => [e.operation, e.code])).toEqual([['push-update', 'rate-limited']]);
    expect(server.text).toBe('');
    expect(client.unsynced).toBe(true);

    await vi.advanceTimersByTimeAsync(100);
    await syncConfirmed();
    expect(hub.calls('JoinSessionAs')).toHaveLength(2);
    expect(server.text).toBe('keep me');
    expect(client.unsynced).toBe(false);
  });

  it('says the session is full while the hub refuses the join for it, and no longer once joined', async () => {
    const { client, hub } = open();
    const refusals: (string | null)[] = [];
    client.on('refusal', (refusal) => refusals.push(refusal));
    hub.refuse.set('JoinSessionAs', ['session-full']);
    await sync();
    expect(client.refusal).toBe('session-full');
    expect(client.status).toBe('connecting');

    await vi.advanceTimersByTimeAsync(100);
    await sync();
    expect(client.status).toBe('connected');
    expect(client.refusal).toBeNull();
    expect(refusals).toEqual(['session-full', null]);
  });

  it('says why an edit cannot be stored until nothing is unsynced any more', async () => {
    const { client, hub } = open();
    await sync();
    hub.refuse.set('PushUpdate', ['document-too-large']);
    type(client, 'too much');
    await sync();
    expect(client.refusal).toBe('document-too-large');
    expect(client.unsynced).toBe(true);

    // Once the hub takes the edit (here the refusal was a one-off), the resync stores it and the reason goes away.
    await vi.advanceTimersByTimeAsync(100);
    await syncConfirmed();
    expect(server.text).toBe('too much');
    expect(client.unsynced).toBe(false);
    expect(client.refusal).toBeNull();
  });

  it('keeps starting the connection again after it closed for good', async () => {
    const { client, hub } = open();
    await sync();
    hub.autoStart = false;
    hub.close();
    expect(client.status).toBe('offline');
    type(client, 'while closed');

    // The first restart and the one after its failure wait the first delay, later ones longer.
    await vi.advanceTimersByTimeAsync(100);
    hub.starts[0]!.reject(new Error('refused'));
    await vi.advanceTimersByTimeAsync(100);
    hub.starts[1]!.reject(new Error('refused'));
    await vi.advanceTimersByTimeAsync(999);
    expect(hub.starts).toHaveLength(2);
    expect(client.status).toBe('offline');
    await vi.advanceTimersByTimeAsync(1);
    hub.starts[2]!.resolve();
    await sync();
    expect(client.status).toBe('connected');
    expect(server.text).toBe('while closed');
  });

  it('starts again at once when the browser comes back online', async () => {
    const { client, hub, events } = open();
    hub.autoStart = false;
    await sync();
    hub.starts[0]!.reject(new Error('network'));
    await sync();
    expect(client.status).toBe('offline');
    events.dispatchEvent(new Event('online'));
    expect(hub.starts).toHaveLength(2);
  });

  it('says offline when reconnecting lasts, and when the browser goes offline', async () => {
    const { client, hub, events } = open({ offlineAfterMs: 3000 });
    await sync();
    hub.drop();
    expect(client.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(2999);
    expect(client.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(client.status).toBe('offline');

    events.dispatchEvent(new Event('online'));
    expect(client.status).toBe('reconnecting');
    events.dispatchEvent(new Event('offline'));
    expect(client.status).toBe('offline');
    hub.reconnect();
    await sync();
    expect(client.status).toBe('connected');
    await vi.advanceTimersByTimeAsync(5000);
    expect(client.status).toBe('connected');
    expect(hub.startCount).toBe(1);
  });

  it('switches the language for everyone and replaces an untouched starter', async () => {
    const a = open({ interviewerKey: KEY });
    const b = open({ name: 'Bob' });
    await sync();
    const seen: string[] = [];
    b.client.on('language', (language) => seen.push(language));
    a.client.setLanguage('python');
    await sync();
    expect(b.client.language).toBe('python');
    expect(seen).toEqual(['python']);
    expect(b.client.text.toString()).toBe(starterCode('python'));

    type(b.client, '# mine\n', 0);
    await sync();
    a.client.setLanguage('go');
    await sync();
    expect(b.client.text.toString()).toBe(`# mine\n${starterCode('python')}`);
  });
});

describe('CollabClient presence', () => {
  it('shows the others with their names and relays renames', async () => {
    const a = open();
    const b = open({ name: 'Bob' });
    await syncPresence();
    expect(a.client.participants.map((p) => [p.name, p.isLocal])).toEqual([
      ['Ada', true],
      ['Bob', false],
    ]);
    b.client.setName('Robert');
    await syncPresence();
    expect(a.client.participants.map((p) => p.name)).toEqual(['Ada', 'Robert']);
    expect(b.client.participants[0]).toMatchObject({ name: 'Robert', isLocal: true });
  });

  it('gives each participant the first colour nobody else uses', async () => {
    const a = open();
    await syncPresence();
    const b = open({ name: 'Bob' });
    await syncPresence();
    const c = open({ name: 'Cy' });
    await syncPresence();
    const color = (h: Harness) => h.client.participants.find((p) => p.isLocal)?.color;
    expect([color(a), color(b), color(c)]).toEqual([PALETTE[0], PALETTE[1], PALETTE[2]]);
    expect(new Set(c.client.participants.map((p) => p.color)).size).toBe(3);

    b.hub.drop();
    b.hub.reconnect();
    await syncPresence();
    expect(color(b)).toBe(PALETTE[1]);
  });

  it('lets the lower client id keep a colour two clients picked at the same time', async () => {
    const a = open();
    const b = open({ name: 'Bob' });
    a.hub.held.add('SendAwareness');
    b.hub.held.add('SendAwareness');
    await syncPresence();
    const local = (h: Harness) => h.client.participants.find((p) => p.isLocal)!.color;
    expect(local(a)).toBe(PALETTE[0]);
    expect(local(b)).toBe(PALETTE[0]);
    a.hub.held.clear();
    b.hub.held.clear();
    for (const { hub } of [a, b]) for (const call of hub.calls('SendAwareness')) server.handle(hub, call);
    await syncPresence();
    const [low, high] = a.client.doc.clientID < b.client.doc.clientID ? [a, b] : [b, a];
    expect(local(low)).toBe(PALETTE[0]);
    expect(local(high)).toBe(PALETTE[1]);
    expect(a.client.participants.map((p) => p.color).sort()).toEqual(b.client.participants.map((p) => p.color).sort());
  });

  it('drops a participant whose connection ended', async () => {
    const a = open();
    const b = open({ name: 'Bob' });
    await syncPresence();
    expect(a.client.participants).toHaveLength(2);
    b.hub.drop();
    await syncPresence();
    expect(a.client.participants.map((p) => p.name)).toEqual(['Ada']);
  });

  it('withdraws its presence when the page is hidden and returns from the back/forward cache', async () => {
    const a = open();
    const b = open({ name: 'Bob' });
    await syncPresence();
    b.events.dispatchEvent(new Event('pagehide'));
    expect(a.client.participants.map((p) => p.name)).toEqual(['Ada']);

    const show = Object.assign(new Event('pageshow'), { persisted: true });
    b.events.dispatchEvent(show);
    await syncPresence();
    expect(a.client.participants.map((p) => p.name)).toEqual(['Ada', 'Bob']);
  });

  it('pushes the periodic renewal of its presence so the others do not time it out', async () => {
    open();
    const b = open({ name: 'Bob' });
    await syncPresence();
    const before = b.hub.calls('SendAwareness').length;
    // What y-protocols does every 15 s: the same state again, with a higher clock.
    b.client.awareness.setLocalState(b.client.awareness.getLocalState());
    await syncPresence();
    expect(b.hub.calls('SendAwareness')).toHaveLength(before + 1);
  });

  it('sends at most one awareness update per interval, always the latest', async () => {
    const a = open();
    const b = open({ name: 'Bob' });
    await syncPresence();
    await vi.advanceTimersByTimeAsync(AWARENESS_INTERVAL_MS);
    const before = b.hub.calls('SendAwareness').length;
    for (let i = 0; i < 5; i++) {
      b.client.awareness.setLocalStateField('cursor', i);
      await sync();
    }
    expect(b.hub.calls('SendAwareness')).toHaveLength(before + 1);
    await syncPresence();
    expect(b.hub.calls('SendAwareness')).toHaveLength(before + 2);
    expect(a.client.awareness.getStates().get(b.client.doc.clientID)).toMatchObject({ cursor: 4 });
  });

  it.each([0, 1])('tells everyone it is still here when the hub announces it left (clock +%i)', async (bump) => {
    const a = open();
    const b = open({ name: 'Bob' });
    await syncPresence();
    await vi.advanceTimersByTimeAsync(AWARENESS_INTERVAL_MS);
    const id = b.client.doc.clientID;
    // What the hub sends when an old connection of b's ends late: b removed, at b's clock or one above.
    const removal = encoding.createEncoder();
    encoding.writeVarUint(removal, 1);
    encoding.writeVarUint(removal, id);
    encoding.writeVarUint(removal, b.client.awareness.meta.get(id)!.clock + bump);
    encoding.writeVarString(removal, 'null');
    for (const hub of [a.hub, b.hub]) hub.emit('Awareness', encoding.toUint8Array(removal));
    expect(a.client.participants.map((p) => p.name)).toEqual(['Ada']);
    await syncPresence();
    expect(a.client.participants.map((p) => p.name)).toEqual(['Ada', 'Bob']);
  });

  it('forgets the others while disconnected and sees them again after rejoining', async () => {
    const a = open();
    open({ name: 'Bob' });
    await syncPresence();
    a.hub.drop();
    expect(a.client.participants.map((p) => p.name)).toEqual(['Ada']);
    a.hub.reconnect();
    await syncPresence();
    expect(a.client.participants.map((p) => p.name)).toEqual(['Ada', 'Bob']);
  });
});

describe('CollabClient disposal', () => {
  it('never opens a socket when disposed in the tick it was created', async () => {
    const { client, hub } = open();
    client.dispose();
    await sync();
    expect(hub.startCount).toBe(0);
    expect(hub.stopCount).toBe(1);
  });

  it('says goodbye, stops the hub and removes every listener on dispose', async () => {
    const a = open();
    const b = open({ name: 'Bob' });
    await sync();
    const listeners = vi.spyOn(b.events, 'removeEventListener');
    const calls: string[] = [];
    b.client.on('status', () => calls.push('status'));
    b.client.on('participants', () => calls.push('participants'));

    b.client.dispose();
    expect(a.client.participants.map((p) => p.name)).toEqual(['Ada']);
    await sync();
    expect(b.hub.stopCount).toBe(1);
    expect(b.hub.handlers.size).toBe(0);
    expect(listeners.mock.calls.map(([name]) => name).sort()).toEqual(['offline', 'online', 'pagehide', 'pageshow']);

    b.hub.drop();
    b.hub.emit('Update', starterUpdate('go'));
    b.events.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([]);
    expect(b.hub.startCount).toBe(1);
  });

  it('leaves no timer behind on dispose while a confirmation is due', async () => {
    const serverTimers = vi.getTimerCount(); // the fake server's awareness check
    const { client, hub } = open();
    await sync();
    type(client, 'a');
    await sync();
    type(client, 'b');
    await sync();
    expect(hub.calls('SendUpdate')).toHaveLength(1);
    client.dispose();
    await sync();
    expect(vi.getTimerCount()).toBe(serverTimers);
    expect(hub.calls('Confirm')).toHaveLength(0);
  });

  it('reports a refused unanswered awareness update and goes on', async () => {
    const a = open();
    const b = open({ name: 'Bob' });
    await syncPresence();
    b.hub.refuse.set('SendAwareness', ['rate-limited']);
    b.client.awareness.setLocalStateField('cursor', 1);
    await syncPresence();
    expect(b.errors.map((e) => [e.operation, e.code])).toEqual([['push-awareness', 'rate-limited']]);
    expect(b.client.status).toBe('connected');
    b.client.awareness.setLocalStateField('cursor', 2);
    await syncPresence();
    expect(a.client.awareness.getStates().get(b.client.doc.clientID)).toMatchObject({ cursor: 2 });
  });

  it('ignores a start that fails because it was disposed meanwhile', async () => {
    const { client, hub } = open();
    hub.autoStart = false;
    const statuses: string[] = [];
    client.on('status', (status) => statuses.push(status));
    await sync();
    client.dispose();
    hub.starts[0]!.reject(new Error('stopped during start'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(statuses).toEqual([]);
    expect(hub.startCount).toBe(1);
  });
});

describe('CollabClient roles and controls', () => {
  const state = (overrides: Record<string, unknown> = {}) => ({
    locked: false, ended: false, endedAt: null, candidatesMayRun: true,
    timer: { durationMs: 60_000, remainingMs: 60_000, running: false, updatedAt: 10 }, question: null, serverTime: 10, ...overrides,
  });

  it('joins with its participant id and key and takes the role and state from the result', async () => {
    server.sessionState = state({ locked: true });
    const { client, hub } = open({ interviewerKey: KEY });
    await sync();
    const [join] = hub.calls('JoinSessionAs');
    expect(join?.args.slice(3)).toEqual(['participant-id-0123456a', KEY]);
    expect(client.role).toBe('interviewer');
    expect(client.state?.state.locked).toBe(true);
  });

  it('drops a key the hub refuses and joins as a candidate at once', async () => {
    const { client, hub } = open({ interviewerKey: 'a-stale-key-0123456789' });
    const rejected = vi.fn();
    client.on('keyRejected', rejected);
    await sync();
    expect(hub.calls('JoinSessionAs').map((c) => c.args[4])).toEqual(['a-stale-key-0123456789', null]);
    expect(rejected).toHaveBeenCalledOnce();
    expect(client.role).toBe('candidate');
    expect(client.status).toBe('connected');
  });

  it('applies SessionState events, newest by the server clock first', async () => {
    const { client, hub } = open();
    const seen: boolean[] = [];
    client.on('state', ({ state: s }) => seen.push(s.candidatesMayRun));
    await sync();
    hub.emit('SessionState', state({ candidatesMayRun: false, serverTime: 20 }));
    hub.emit('SessionState', state({ candidatesMayRun: true, serverTime: 15 }));
    expect(seen).toEqual([false]);
    expect(client.state?.state.candidatesMayRun).toBe(false);
  });

  it('stops pushing for good once the interview has ended', async () => {
    const { client, hub } = open();
    await sync();
    hub.emit('SessionState', state({ ended: true, endedAt: 30, serverTime: 30 }));
    expect(client.ended).toBe(true);
    const pushes = hub.calls('PushUpdate').length;
    type(client, 'too late');
    await sync();
    expect(hub.calls('PushUpdate')).toHaveLength(pushes);
    expect(client.unsynced).toBe(false);
    // A later state cannot undo the end.
    client.applyState({ ...client.state!.state, ended: false, serverTime: 40 });
    expect(client.ended).toBe(true);
  });

  it('treats a push refused with session-ended as the end', async () => {
    const { client, hub, errors } = open();
    await sync();
    server.ended = true;
    type(client, 'x');
    await sync();
    expect(client.ended).toBe(true);
    expect(client.unsynced).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(hub.calls('PushUpdate')).toHaveLength(1);
    expect(hub.calls('JoinSessionAs')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('treats an unanswered push refused with session-ended as the end', async () => {
    const { client, hub, errors } = open();
    await sync();
    type(client, 'a');
    await sync();
    server.ended = true;
    type(client, 'b');
    await sync();
    expect(hub.calls('SendUpdate')).toHaveLength(1);
    expect(client.ended).toBe(true);
    expect(client.unsynced).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(hub.calls('Confirm')).toHaveLength(0);
    expect(hub.calls('JoinSessionAs')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('closes for good when removed, and never reconnects', async () => {
    const { client, hub } = open();
    const access: string[] = [];
    client.on('access', (a) => access.push(a));
    await sync();
    hub.emit('Removed');
    expect(access).toEqual(['removed']);
    expect(hub.stopCount).toBe(1);
    hub.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(hub.startCount).toBe(1);
  });

  it('is shut out of a locked session', async () => {
    const hub = new FakeHub(server);
    hub.refuse.set('JoinSessionAs', ['session-locked']);
    const { client } = open({ hub });
    await sync();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(client.access).toBe('locked');
    expect(hub.calls('JoinSessionAs')).toHaveLength(1);
  });
});

describe('CollabClient question starters', () => {
  it('seeds the question starter with a fixed id, so two interviewer tabs insert it once', async () => {
    const question = { id: 'two-sum', starter: 'def two_sum(nums, target):\n    pass\n' };
    const a = open({ interviewerKey: KEY, questionStarter: question, language: 'python' });
    const b = open({ interviewerKey: KEY, questionStarter: question, language: 'python' });
    await sync();
    await sync();
    expect(server.text).toBe(question.starter);
    expect(a.client.text.toString()).toBe(question.starter);
    expect(b.client.text.toString()).toBe(question.starter);
  });

  it('replaces the code for everyone', async () => {
    const a = open({ interviewerKey: KEY });
    const b = open();
    await sync();
    a.client.replaceCode('print(1)\n');
    await sync();
    expect(b.client.text.toString()).toBe('print(1)\n');
  });
});
