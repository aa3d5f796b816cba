/**
 * The languages a session can be set to. Ids are the session API's (`Languages.All` on the server)
 * and, by design, also Monaco's language ids.
 */

export type LanguageId = 'javascript' | 'typescript' | 'python' | 'java' | 'csharp' | 'cpp' | 'go';

export type LanguageInfo = {
  readonly id: LanguageId;
  /** What a person reads in the language picker. */
  readonly label: string;
  /** The Monaco language that highlights it. */
  readonly monacoId: string;
  /** What a fresh editor shows; ends with a newline so the cursor lands on an empty line. */
  readonly starter: string;
};

export const DEFAULT_LANGUAGE: LanguageId = 'javascript';

export const LANGUAGES: readonly LanguageInfo[] = [
  {
    id: 'javascript',
    label: 'JavaScript',
    monacoId: 'javascript',
    starter: `// Welcome to your interview. Write your solution below.
function twoSum(nums, target) {
  const seen = new Map();
  for (let i = 0; i < nums.length; i++) {
    const partner = seen.get(target - nums[i]);
    if (partner !== undefined) return [partner, i];
    seen.set(nums[i], i);
  }
  return null;
}

console.log(twoSum([2, 7, 11, 15], 9)); // [0, 1]
`,
  },
  {
    id: 'typescript',
    label: 'TypeScript',
    monacoId: 'typescript',
    starter: `// Welcome to your interview. Write your solution below.
function twoSum(nums: number[], target: number): [number, number] | null {
  const seen = new Map<number, number>();
  for (let i = 0; i < nums.length; i++) {
    const partner = seen.get(target - nums[i]);
    if (partner !== undefined) return [partner, i];
    seen.set(nums[i], i);
  }
  return null;
}

console.log(twoSum([2, 7, 11, 15], 9)); // [0, 1]
`,
  },
  {
    id: 'python',
    label: 'Python',
    monacoId: 'python',
    starter: `# Welcome to your interview. Write your solution below.
def two_sum(nums: list[int], target: int) -> tuple[int, int] | None:
    seen: dict[int, int] = {}
    for i, n in enumerate(nums):
        if target - n in seen:
            return seen[target - n], i
        seen[n] = i
    return None


print(two_sum([2, 7, 11, 15], 9))  # (0, 1)
`,
  },
  {
    id: 'java',
    label: 'Java',
    monacoId: 'java',
    starter: `// Welcome to your interview. Write your solution below.
import java.util.*;

public class Main {
    static int[] twoSum(int[] nums, int target) {
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < nums.length; i++) {
            Integer partner = seen.get(target - nums[i]);
            if (partner != null) return new int[] { partner, i };
            seen.put(nums[i], i);
        }
        return null;
    }

    public static void main(String[] args) {
        System.out.println(Arrays.toString(twoSum(new int[] { 2, 7, 11, 15 }, 9)));
    }
}
`,
  },
  {
    id: 'csharp',
    label: 'C#',
    monacoId: 'csharp',
    starter: `// Welcome to your interview. Write your solution below.
using System;
using System.Collections.Generic;

static (int, int)? TwoSum(int[] nums, int target)
{
    var seen = new Dictionary<int, int>();
    for (var i = 0; i < nums.Length; i++)
    {
        if (seen.TryGetValue(target - nums[i], out var partner)) return (partner, i);
        seen[nums[i]] = i;
    }
    return null;
}

Console.WriteLine(TwoSum([2, 7, 11, 15], 9)); // (0, 1)
`,
  },
  {
    id: 'cpp',
    label: 'C++',
    monacoId: 'cpp',
    starter: `// Welcome to your interview. Write your solution below.
#include <iostream>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

std::optional<std::pair<int, int>> twoSum(const std::vector<int>& nums, int target) {
    std::unordered_map<int, int> seen;
    for (int i = 0; i < static_cast<int>(nums.size()); ++i) {
        if (auto it = seen.find(target - nums[i]); it != seen.end()) return {{it->second, i}};
        seen[nums[i]] = i;
    }
    return std::nullopt;
}

int main() {
    if (auto r = twoSum({2, 7, 11, 15}, 9)) std::cout << r->first << ", " << r->second << "\\n";
}
`,
  },
  {
    id: 'go',
    label: 'Go',
    monacoId: 'go',
    starter: `// Welcome to your interview. Write your solution below.
package main

import "fmt"

func twoSum(nums []int, target int) (int, int, bool) {
	seen := map[int]int{}
	for i, n := range nums {
		if j, ok := seen[target-n]; ok {
			return j, i, true
		}
		seen[n] = i
	}
	return 0, 0, false
}

func main() {
	fmt.Println(twoSum([]int{2, 7, 11, 15}, 9)) // 0 1 true
}
`,
  },
];

const byId = new Map<string, LanguageInfo>(LANGUAGES.map((language) => [language.id, language]));

export function isLanguageId(value: unknown): value is LanguageId {
  return typeof value === 'string' && byId.has(value);
}

/** Reads a language id from untrusted input (server JSON, a select), falling back to the default. */
export function toLanguageId(value: unknown): LanguageId {
  return isLanguageId(value) ? value : DEFAULT_LANGUAGE;
}

export function languageInfo(id: LanguageId): LanguageInfo {
  // Every LanguageId is in the table, so the fallback only guards against a widened type.
  return byId.get(id) ?? (byId.get(DEFAULT_LANGUAGE) as LanguageInfo);
}

export function monacoLanguageFor(id: LanguageId): string {
  return languageInfo(id).monacoId;
}

export function starterCode(id: LanguageId): string {
  return languageInfo(id).starter;
}

/**
 * The editor text after switching language: an untouched starter (or an empty editor) becomes the new
 * language's starter; anything the people in the room wrote is kept as it is.
 */
export function textAfterLanguageChange(current: string, from: LanguageId, to: LanguageId): string {
  const untouched = current.trim() === '' || current === starterCode(from);
  return untouched ? starterCode(to) : current;
}
