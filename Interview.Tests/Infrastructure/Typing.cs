using System.Diagnostics;

namespace Interview.Tests.Infrastructure;

/// <summary>Typing as a person would, and checking that participants ended up with the same, complete text.</summary>
public static class Typing
{
    /// <summary>
    /// Types "{prefix}{i} " keystroke batches <paramref name="pauseMs"/> apart; before keystroke
    /// <paramref name="atKeystroke"/>, <paramref name="then"/> happens (a fault, say).
    /// </summary>
    public static async Task TypeAsync(ResilientPeer peer, string prefix, int count, int pauseMs = 40, int atKeystroke = -1, Action? then = null)
    {
        for (var i = 0; i < count; i++)
        {
            if (i == atKeystroke) then!();
            await peer.TypeAsync($"{prefix}{i} ");
            await Task.Delay(pauseMs);
        }
    }

    /// <summary>The common text once both documents are equal (waiting for resyncs and relays to land).</summary>
    public static async Task<string> ConvergedTextAsync(ResilientPeer one, ResilientPeer other)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (a, b) = (await one.TextAsync(), await other.TextAsync());
            if (a == b) return a;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"documents converge within 30 s:\n{a}\n---\n{b}");
            await Task.Delay(200);
        }
    }

    public static void AssertHasEveryKeystroke(string text, string prefix, int count)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var missing = Enumerable.Range(0, count).Select(i => $"{prefix}{i}").Where(w => !words.Contains(w)).ToList();
        Assert.True(missing.Count == 0, $"missing edits: {string.Join(", ", missing)}");
    }
}
