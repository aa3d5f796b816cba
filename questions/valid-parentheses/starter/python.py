def is_valid(s: str) -> bool:
    # Your solution here
    return False


print(is_valid("()[]{}"))  # expected True
print(is_valid("(]"))  # expected False
