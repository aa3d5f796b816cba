function twoSum(nums: number[], target: number): number[] {
  // Your solution here
  return [];
}

console.log(twoSum([2, 7, 11, 15], 9)); // expected [0, 1]
console.log(twoSum([3, 2, 4], 6)); // expected [1, 2]
