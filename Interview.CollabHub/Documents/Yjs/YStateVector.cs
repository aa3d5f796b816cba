namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// Yjs state vectors: <c>varUint n</c>, then n × (client, next expected clock). A missing client means clock 0.
/// </summary>
public static class YStateVector
{
    /// <summary>The encoding of an empty state vector (<c>00</c>).</summary>
    public static ReadOnlySpan<byte> Empty => [0];

    /// <summary>
    /// Decodes and validates a state vector. A repeated client keeps the last value (as yjs does);
    /// trailing bytes are rejected.
    /// </summary>
    /// <exception cref="InvalidUpdateException">The bytes are not a well-formed state vector.</exception>
    public static Dictionary<ulong, ulong> Decode(ReadOnlySpan<byte> stateVector)
    {
        var reader = new Lib0Reader(stateVector);
        int n = reader.ReadCount(2);
        var result = new Dictionary<ulong, ulong>(n);
        for (int i = 0; i < n; i++)
        {
            ulong client = reader.ReadVarUint();
            result[client] = reader.ReadVarUint();
        }

        reader.ExpectEnd();
        return result;
    }

    /// <summary>Encodes entries in descending client order, like <c>Y.encodeStateVector</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A client or clock exceeds 2^53 − 1.</exception>
    public static byte[] Encode(IEnumerable<KeyValuePair<ulong, ulong>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new List<KeyValuePair<ulong, ulong>>(entries);
        list.Sort(static (a, b) => b.Key.CompareTo(a.Key));
        using var writer = new Lib0Writer(2 + (list.Count * 10));
        writer.WriteVarUint((ulong)list.Count);
        foreach (KeyValuePair<ulong, ulong> entry in list)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(entry.Key, Lib0Limits.MaxSafeInteger, nameof(entries));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(entry.Value, Lib0Limits.MaxSafeInteger, nameof(entries));
            writer.WriteVarUint(entry.Key);
            writer.WriteVarUint(entry.Value);
        }

        return writer.ToArray();
    }
}
