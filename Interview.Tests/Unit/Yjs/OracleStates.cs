using System.Text.Json.Nodes;

namespace Interview.Tests.Unit.Yjs;

/// <summary>
/// Collects "apply these updates to a fresh Y.Doc" checks and runs them in one Node invocation, then compares
/// each resulting document (text, delta, meta, xml, state vector, pending) with the expected one.
/// </summary>
internal sealed class OracleStates
{
    private readonly List<(string Context, JsonObject Expected)> _expectations = [];
    private readonly JsonArray _jobs = [];

    public int Count => _expectations.Count;

    public void Expect(string context, JsonObject expected, params byte[][] updates)
    {
        _expectations.Add((context, expected));
        _jobs.Add(new JsonObject { ["updates"] = new JsonArray([.. updates.Select(u => (JsonNode)Convert.ToBase64String(u))]) });
    }

    public void Verify()
    {
        if (_expectations.Count == 0)
        {
            return;
        }

        JsonArray applied = YjsOracle.Run(new JsonObject { ["apply"] = _jobs })["applied"]!.AsArray();
        Assert.Equal(_expectations.Count, applied.Count);
        var failures = new List<string>();
        for (int i = 0; i < applied.Count; i++)
        {
            (string context, JsonObject expected) = _expectations[i];
            JsonNode? actual = applied[i];
            if (!JsonNode.DeepEquals(expected, actual))
            {
                failures.Add($"{context}:\n  expected {expected.ToJsonString()}\n  actual   {actual?.ToJsonString()}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} document state mismatch(es):\n{string.Join("\n", failures.Take(5))}");
    }
}
