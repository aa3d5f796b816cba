using System.Text.Json.Nodes;
using Interview.CollabHub.Documents.Yjs;

namespace Interview.Tests.Unit.Yjs;

/// <summary>
/// yjs's merge sorts readers with a comparator that is inconsistent for a GC and an Item at the same ID, so
/// merged bytes depend on V8's exact TimSort. The C# replica must give V8's permutation for such input.
/// </summary>
public class JsArraySortTests
{
    [Fact]
    public void Permutations_match_v8_for_the_yjs_comparator()
    {
        var rng = new Random(4242);
        var cases = new List<(ulong Client, ulong Clock, bool Gc)[]>();
        int[] lengths = [0, 1, 2, 3, 5, 8, 13, 31, 32, 33, 63, 64, 65, 100, 127, 128, 200, 257, 600, 1500];
        foreach (int length in lengths)
        {
            for (int variant = 0; variant < 6; variant++)
            {
                // few distinct keys so equal IDs with mixed kinds are common; some variants nearly sorted
                int keys = variant switch { 0 => 1, 1 => 3, 2 => 10, _ => Math.Max(1, length / 2) };
                var items = new (ulong, ulong, bool)[length];
                for (int i = 0; i < length; i++)
                {
                    ulong client = (ulong)rng.Next(0, Math.Max(1, keys / 3) + 1) * 2147483653UL % 4294967296UL;
                    ulong clock = variant >= 4 ? (ulong)i / 3 : (ulong)rng.Next(0, keys);
                    items[i] = (client, clock, rng.Next(3) == 0);
                }

                if (variant == 5)
                {
                    Array.Sort(items, (x, y) => x.Item1 != y.Item1 ? y.Item1.CompareTo(x.Item1) : x.Item2.CompareTo(y.Item2));
                }

                cases.Add(items);
            }
        }

        var jobs = new JsonArray();
        foreach ((ulong Client, ulong Clock, bool Gc)[] items in cases)
        {
            var list = new JsonArray();
            foreach ((ulong client, ulong clock, bool gc) in items)
            {
                list.Add(new JsonArray(client, clock, gc));
            }

            jobs.Add(new JsonObject { ["op"] = "sortProbe", ["items"] = list });
        }

        JsonArray computed = YjsOracle.Run(new JsonObject { ["compute"] = jobs })["computed"]!.AsArray();
        for (int c = 0; c < cases.Count; c++)
        {
            (ulong Client, ulong Clock, bool Gc)[] items = cases[c];
            int[] order = [.. Enumerable.Range(0, items.Length)];
            JsArraySort.Sort(order, order.Length, (x, y) =>
            {
                var (cx, kx, gx) = items[x];
                var (cy, ky, gy) = items[y];
                if (cx != cy)
                {
                    return cy > cx ? 1 : -1;
                }

                return kx != ky ? (kx < ky ? -1 : 1) : gx == gy ? 0 : -1;
            });
            int[] v8 = [.. computed[c]!["order"]!.AsArray().Select(n => (int)n!)];
            Assert.True(v8.SequenceEqual(order), $"case {c} (length {items.Length}): permutation differs from V8");
        }
    }
}
