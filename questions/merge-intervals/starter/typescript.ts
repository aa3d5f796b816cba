function merge(intervals: number[][]): number[][] {
  // Your solution here
  return intervals;
}

console.log(JSON.stringify(merge([[1, 3], [2, 6], [8, 10], [15, 18]]))); // expected [[1,6],[8,10],[15,18]]
console.log(JSON.stringify(merge([[1, 4], [4, 5]]))); // expected [[1,5]]
