def merge(intervals: list[list[int]]) -> list[list[int]]:
    # Your solution here
    return intervals


print(merge([[1, 3], [2, 6], [8, 10], [15, 18]]))  # expected [[1, 6], [8, 10], [15, 18]]
print(merge([[1, 4], [4, 5]]))  # expected [[1, 5]]
