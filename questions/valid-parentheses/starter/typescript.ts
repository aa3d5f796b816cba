function isValid(s: string): boolean {
  // Your solution here
  return false;
}

console.log(isValid('()[]{}')); // expected true
console.log(isValid('(]')); // expected false
