class LRUCache:
    def __init__(self, capacity: int):
        self.capacity = capacity

    def get(self, key: int) -> int:
        # Your solution here
        return -1

    def put(self, key: int, value: int) -> None:
        # Your solution here
        pass


cache = LRUCache(2)
cache.put(1, 1)
cache.put(2, 2)
print(cache.get(1))  # expected 1
cache.put(3, 3)
print(cache.get(2))  # expected -1
print(cache.get(3))  # expected 3
