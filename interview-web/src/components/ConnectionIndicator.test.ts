import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus } from '../lib/collabClient';
import { ConnectionIndicator } from './ConnectionIndicator';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

function show(status: ConnectionStatus, unsyncedSince: number | null): void {
  act(() => root.render(createElement(ConnectionIndicator, { status, unsyncedSince, refusal: null })));
}

const text = () => container.textContent ?? '';

beforeEach(() => {
  vi.useFakeTimers();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.useRealTimers();
});

describe('ConnectionIndicator', () => {
  it('says "Unsynced changes" only once a change has waited a second while connected', () => {
    show('connected', Date.now());
    expect(text()).toBe('Connected');
    expect(container.querySelector('[role=status]')?.getAttribute('data-unsynced')).toBe('true');

    act(() => void vi.advanceTimersByTime(999));
    expect(text()).toBe('Connected');
    act(() => void vi.advanceTimersByTime(1));
    expect(text()).toBe('Connected · Unsynced changes');
  });

  it('goes by the oldest waiting change: a confirmation that leaves younger ones restarts the wait', () => {
    show('connected', Date.now());
    act(() => void vi.advanceTimersByTime(600));
    show('connected', Date.now() - 100); // the change that waited 600 ms was confirmed; the next one is 100 ms old
    act(() => void vi.advanceTimersByTime(800));
    expect(text()).toBe('Connected');
    act(() => void vi.advanceTimersByTime(100));
    expect(text()).toBe('Connected · Unsynced changes');
  });

  it('keeps saying it, without a blink, when the next oldest change has also waited too long', () => {
    show('connected', Date.now() - 3000);
    expect(text()).toBe('Connected · Unsynced changes');
    show('connected', Date.now() - 2000);
    expect(text()).toBe('Connected · Unsynced changes');
    show('connected', null);
    expect(text()).toBe('Connected');
  });

  it('says it at once while not connected', () => {
    show('reconnecting', Date.now());
    expect(text()).toBe('Reconnecting… · Unsynced changes');
  });
});
