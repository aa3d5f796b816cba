/**
 * A tiny typed event emitter. `on` returns the function that removes the listener, which is the shape
 * `useSyncExternalStore` wants.
 */
// `any[]`: listener signatures differ per event, and a narrower bound would reject most of them.
export type EventMap = Record<string, (...args: any[]) => void>;

export class Emitter<Events extends EventMap> {
  readonly #listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    // A copy, so a listener that unsubscribes (or subscribes) while we call does not disturb the loop.
    for (const listener of [...set]) (listener as (...a: Parameters<Events[K]>) => void)(...args);
  }

  get listenerCount(): number {
    let count = 0;
    for (const set of this.#listeners.values()) count += set.size;
    return count;
  }

  clear(): void {
    this.#listeners.clear();
  }
}
