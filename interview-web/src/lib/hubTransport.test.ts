import { describe, expect, it } from 'vitest';
import { backoffDelay, hubErrorCode, hubUrl, readBytes, readJoinResult } from './hubTransport';

describe('hub protocol readers', () => {
  it('reads a camelCase join result', () => {
    const result = readJoinResult({
      update: new Uint8Array([1, 2]),
      stateVector: new Uint8Array([3]),
      awareness: new Uint8Array(0),
      instance: 'hub-1',
      role: 'interviewer',
      state: { locked: true },
    });
    expect(result).toEqual({
      update: new Uint8Array([1, 2]),
      stateVector: new Uint8Array([3]),
      awareness: new Uint8Array(0),
      instance: 'hub-1',
      role: 'interviewer',
      state: { locked: true },
    });
    expect(readJoinResult({ role: 'admin' }).role).toBeNull();
  });

  it('also reads PascalCase names and base64 fields', () => {
    const result = readJoinResult({ Update: 'AQI=', StateVector: [3], Awareness: null, Instance: 7 });
    expect(result.update).toEqual(new Uint8Array([1, 2]));
    expect(result.stateVector).toEqual(new Uint8Array([3]));
    expect(result.awareness).toEqual(new Uint8Array(0));
    expect(result.instance).toBe('');
  });

  it('refuses a result that is not an object or holds no bytes', () => {
    expect(() => readJoinResult(null)).toThrow();
    expect(() => readJoinResult({ update: { not: 'bytes' } })).toThrow();
    expect(() => readBytes([1, 256])).toThrow();
  });

  it('reads the code of a refused call', () => {
    const error = new Error("An unexpected error occurred invoking 'PushUpdate' on the server. HubException: too-large");
    expect(hubErrorCode(error)).toBe('too-large');
    expect(hubErrorCode(new Error('rate-limited'))).toBe('rate-limited');
    expect(hubErrorCode(new Error("invoking 'JoinSessionAs' on the server. HubException: session-locked"))).toBe('session-locked');
    expect(hubErrorCode(new Error('Invocation canceled due to the underlying connection being closed.'))).toBeNull();
    expect(hubErrorCode(new Error('HubException: something-else'))).toBeNull();
  });

  it('builds the hub URL of a session', () => {
    expect(hubUrl('Ab3_-Ab3_-Ab3_-Ab3_-xy')).toBe('/hubs/collab?session=Ab3_-Ab3_-Ab3_-Ab3_-xy');
  });
});

describe('backoffDelay', () => {
  it('retries at once, then doubles and never waits more than about five seconds', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, middle))).toEqual([0, 500, 1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelay(1000, () => 0.999)).toBeLessThanOrEqual(6000);
    expect(backoffDelay(1000, () => 0)).toBeGreaterThanOrEqual(4000);
  });
});
