class LRUCache {
  constructor(private readonly capacity: number) {}

  get(key: number): number {
    // Your solution here
    return -1;
  }

  put(key: number, value: number): void {
    // Your solution here
  }
}

const cache = new LRUCache(2);
cache.put(1, 1);
cache.put(2, 2);
console.log(cache.get(1)); // expected 1
cache.put(3, 3);
console.log(cache.get(2)); // expected -1
console.log(cache.get(3)); // expected 3
