function isValid(s) {
  // Your solution here
  return false;
}

console.log(isValid('()[]{}')); // expected true
console.log(isValid('(]')); // expected false
