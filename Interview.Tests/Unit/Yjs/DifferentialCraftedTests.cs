using System.Text.Json.Nodes;
using Interview.CollabHub.Documents.Yjs;
using Xunit.Abstractions;

namespace Interview.Tests.Unit.Yjs;

/// <summary>
/// Hand-built updates for paths random traces rarely reach (legacy JSON and Any slicing, GC coalescing,
/// surrogate splits inside a merge, parent IDs, delete-set quirks, unusual section orders), compared with yjs
/// byte for byte in one Node run.
/// </summary>
public class DifferentialCraftedTests(ITestOutputHelper output)
{
    private static readonly (string Name, string Hex)[] Fixtures =
    [
        ("empty", "00 00"),
        ("insert abc", "01 01 01 00 04 01 04 74 65 78 74 03 61 62 63 00"),
        ("insert d", "01 01 01 03 84 01 02 01 64 00"),
        ("delete bc", "00 01 01 01 01 02"),
        ("full afterwards", "01 03 01 00 04 01 04 74 65 78 74 01 61 81 01 00 02 84 01 02 01 64 01 01 01 01 02"),
        ("map sets", "01 02 03 00 21 01 01 6d 01 6b 02 a8 03 01 01 7d 03 01 03 01 00 02"),
        ("emoji", "01 01 07 00 04 01 01 74 06 78 f0 9f 98 80 79 00"),
        ("ab", "01 01 05 00 04 01 01 74 02 61 62 00"),
        ("cd", "01 01 05 02 84 05 01 02 63 64 00"),
        ("ef", "01 01 05 04 84 05 03 02 65 66 00"),
        ("any/type/doc", "01 03 ff ff ff ff 0f 00 28 01 01 6d 01 6b 01 76 02 01 61 75 02 7d 01 74 01 09 01 62 7b 3f f1 99 99 99 99 99 9a" +
                         " 87 ff ff ff ff 0f 00 03 01 70 89 ff ff ff ff 0f 01 03 67 75 69 76 00 00"),
        ("legacy json", "01 01 09 00 02 01 01 61 03 01 31 03 22 78 22 09 75 6e 64 65 66 69 6e 65 64 00"),
        ("legacy json tail", "01 01 09 01 82 09 00 03 01 32 01 33 01 34 00"),
        ("any x3", "01 01 09 00 08 01 01 61 03 7d 01 77 01 78 76 01 01 6b 75 00 00"),
        ("any tail", "01 01 09 01 88 09 00 04 7e 7f 78 7c 3f 00 00 00 00"),
        ("gc 0..3", "01 01 04 00 00 03 00"),
        ("gc 2..6", "01 01 04 02 00 04 00"),
        ("item after gc", "01 01 04 06 84 04 05 01 61 00"),
        ("abc client 7", "01 01 07 00 04 01 01 74 03 61 62 63 00"),
        ("b+emoji client 7", "01 01 07 01 84 07 00 05 62 f0 9f 98 80 00"),
        ("ds repeated client", "00 02 01 01 00 01 01 01 05 01"),
        ("ds empty client", "00 02 02 00 01 01 00 01"),
        ("ds overlapping", "00 01 01 02 00 02 05 01"),
        ("ds touching", "00 01 01 02 02 01 03 03"),
        ("ds zero range", "00 02 0a 01 00 01 01 01 07 00"),
        ("skip first", "01 02 05 00 0a 02 04 01 01 74 01 61 00"),
        ("ascending sections", "02 01 01 00 04 01 01 74 01 61 01 05 00 04 01 01 74 01 62 00"),
        ("split client sections", "03 01 05 00 04 01 01 74 01 61 01 01 00 04 01 01 74 01 62 01 05 01 84 05 00 01 63 00"),
        ("parent id", "01 01 08 00 04 00 03 00 01 7a 00"),
        ("parent id + key", "01 01 08 00 24 00 03 00 01 6b 02 7a 79 00"),
        ("embed/format/binary", "01 03 02 00 05 01 01 74 07 7b 22 61 22 3a 31 7d 86 02 00 04 62 6f 6c 64 04 74 72 75 65 83 02 01 02 01 02 00"),
    ];

    private static readonly ulong[] Clients = [1, 2, 3, 4, 5, 7, 8, 9, 10, 4294967295];

    [Fact]
    public void Crafted_updates_match_yjs()
    {
        var jobs = new JsonArray();
        var ours = new List<(string Name, byte[]? Output)>();
        byte[][] updates = [.. Fixtures.Select(f => Hex.Bytes(f.Hex))];

        for (int i = 0; i < updates.Length; i++)
        {
            for (int j = 0; j < updates.Length; j++)
            {
                AddMerge($"merge [{Fixtures[i].Name}, {Fixtures[j].Name}]", [updates[i], updates[j]]);
            }

            AddMerge($"merge [{Fixtures[i].Name} ×3]", [updates[i], updates[i], updates[i]]);
            Add($"sv {Fixtures[i].Name}", new JsonObject { ["op"] = "sv", ["update"] = B64(updates[i]) },
                () => YUpdate.EncodeStateVectorFromUpdate(updates[i]));
            foreach (ulong client in Clients)
            {
                for (ulong clock = 0; clock <= 6; clock++)
                {
                    byte[] sv = YStateVector.Encode([new(client, clock)]);
                    byte[] update = updates[i];
                    Add($"diff {Fixtures[i].Name} against {{{client}:{clock}}}",
                        new JsonObject { ["op"] = "diff", ["update"] = B64(update), ["sv"] = B64(sv) },
                        () => YUpdate.DiffUpdate(update, sv));
                }
            }
        }

        // multi-input merges in both orders, where reader order and stable-sort ties matter
        AddMerge("gap parts", [updates[7], updates[9], updates[8]]);
        AddMerge("gc chain", [updates[16], updates[15], updates[17], updates[15]]);
        AddMerge("json + tails", [updates[12], updates[11], updates[13], updates[14]]);
        AddMerge("everything", updates);
        AddMerge("everything reversed", [.. updates.Reverse()]);

        JsonArray computed = YjsOracle.Run(new JsonObject { ["compute"] = jobs })["computed"]!.AsArray();
        Assert.Equal(ours.Count, computed.Count);
        int compared = 0;
        for (int k = 0; k < ours.Count; k++)
        {
            (string name, byte[]? mine) = ours[k];
            JsonObject theirs = computed[k]!.AsObject();
            if (theirs["error"] is JsonNode error)
            {
                Assert.True(mine is null, $"{name}: yjs rejected the input ({error}) but we produced {Hex.Of(mine)}");
                continue;
            }

            Assert.True(mine is not null, $"{name}: we rejected an input that yjs accepts");
            DifferentialTraceTests.AssertBytes(Convert.FromBase64String((string)theirs["output"]!), mine, name);
            compared++;
        }

        output.WriteLine($"{compared} crafted cases byte-identical to yjs");

        void AddMerge(string name, byte[][] inputs) =>
            Add(name, new JsonObject { ["op"] = "merge", ["inputs"] = new JsonArray([.. inputs.Select(u => (JsonNode)B64(u))]) },
                () => YUpdate.MergeUpdates(inputs));

        void Add(string name, JsonObject job, Func<byte[]> run)
        {
            jobs.Add(job);
            byte[]? result;
            try
            {
                result = run();
            }
            catch (InvalidUpdateException)
            {
                result = null;
            }

            ours.Add((name, result));
        }
    }

    [Fact]
    public void Awareness_updates_interoperate_with_y_protocols()
    {
        const string State = "{\"user\":{\"name\":\"é 😀\",\"color\":\"#30bced\"},\"cursor\":null}";
        AwarenessEntry[] entries =
        [
            new(300, 1, State),
            new(4294967295, 12, "null"),
            new(7, 0, "{}"), // clock 0 from an unknown client: peers ignore it
        ];
        byte[] update = YAwareness.Encode(entries);
        byte[] removal = YAwareness.EncodeRemoval([(300, 1), (4294967295, 12)]);
        var job = new JsonObject
        {
            ["op"] = "awareness",
            ["update"] = B64(update),
            ["clients"] = new JsonArray(300, 4294967295),
            ["removal"] = B64(removal),
        };
        JsonObject result = YjsOracle.Run(new JsonObject { ["compute"] = new JsonArray(job) })["computed"]![0]!.AsObject();
        Assert.Null(result["error"]);

        Assert.Equal([(300UL, 1UL, State), (4294967295UL, 12UL, null)], States(result["accepted"]));
        // y-protocols re-encodes the accepted entries to exactly our bytes
        Assert.Equal(Hex.Of(YAwareness.Encode(entries[..2])), Hex.Of(Convert.FromBase64String((string)result["reencoded"]!)));
        // a y-websocket-style server drop is our removal without the clock bump
        Assert.Equal(
            Hex.Of(YAwareness.EncodeRemoval([(300, 1), (4294967295, 12)], bumpClock: false)),
            Hex.Of(Convert.FromBase64String((string)result["serverRemoval"]!)));
        // our (bumped) removal is accepted: both clients gone, clocks advanced
        Assert.Equal([(300UL, 2UL, null), (4294967295UL, 13UL, null)], States(result["afterRemoval"]));

        // and we read what y-protocols writes for a local client
        JsonArray local = result["local"]!.AsArray();
        AwarenessEntry first = Assert.Single(YAwareness.Decode(Convert.FromBase64String((string)local[0]!)));
        Assert.Equal(new AwarenessEntry(300, 2, "{\"user\":{\"name\":\"é 😀\",\"color\":\"#30bced\"},\"cursor\":{\"line\":3}}"), first);
        Assert.False(first.IsRemoved);
        AwarenessEntry gone = Assert.Single(YAwareness.Decode(Convert.FromBase64String((string)local[1]!)));
        Assert.Equal((300UL, 3UL, true), (gone.ClientId, gone.Clock, gone.IsRemoved));
    }

    private static List<(ulong ClientId, ulong Clock, string? State)> States(JsonNode? list) =>
        [.. list!.AsArray().Select(e => ((ulong)e!["clientId"]!, (ulong)e["clock"]!, (string?)e["state"]))];

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes);
}
