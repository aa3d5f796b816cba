def two_sum(nums: list[int], target: int) -> list[int]:
    # Your solution here
    return []


print(two_sum([2, 7, 11, 15], 9))  # expected [0, 1]
print(two_sum([3, 2, 4], 6))  # expected [1, 2]
