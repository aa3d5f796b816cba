namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// y-protocols awareness updates: <c>varUint n</c>, then n × (varUint clientID, varUint clock,
/// varString JSON state). Peers accept an entry when its clock is newer, or equal with a <c>null</c> state for
/// a client they still show.
/// </summary>
public static class YAwareness
{
    /// <summary>Parses and validates an awareness update (strict UTF-8, valid JSON, no trailing bytes).</summary>
    /// <exception cref="InvalidUpdateException">The bytes are not a well-formed awareness update.</exception>
    public static IReadOnlyList<AwarenessEntry> Decode(ReadOnlySpan<byte> update)
    {
        var reader = new Lib0Reader(update);
        // Each entry needs at least three bytes (client, clock, string length).
        int n = reader.ReadCount(3);
        var entries = new List<AwarenessEntry>(n);
        for (int i = 0; i < n; i++)
        {
            ulong client = reader.ReadVarUint();
            ulong clock = reader.ReadVarUint();
            int at = reader.Position;
            ReadOnlySpan<byte> json = reader.ReadVarStringUtf8();
            _ = JsonText.Validate(json, at);
            entries.Add(new AwarenessEntry(client, clock, System.Text.Encoding.UTF8.GetString(json)));
        }

        reader.ExpectEnd();
        return entries;
    }

    /// <summary>Encodes entries as an awareness update, in the given order, with their JSON as is.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A client id or clock exceeds 2^53 − 1.</exception>
    public static byte[] Encode(IEnumerable<AwarenessEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries as IReadOnlyCollection<AwarenessEntry> ?? [.. entries];
        using var writer = new Lib0Writer(16 + (list.Count * 16));
        writer.WriteVarUint((ulong)list.Count);
        foreach (AwarenessEntry entry in list)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(entry.ClientId, Lib0Limits.MaxSafeInteger, nameof(entries));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(entry.Clock, Lib0Limits.MaxSafeInteger, nameof(entries));
            ArgumentNullException.ThrowIfNull(entry.StateJson, nameof(entries));
            writer.WriteVarUint(entry.ClientId);
            writer.WriteVarUint(entry.Clock);
            writer.WriteVarString(entry.StateJson);
        }

        return writer.ToArray();
    }

    /// <summary>
    /// Encodes an update that removes the given clients (state <c>null</c>), e.g. when the connection that
    /// introduced them drops.
    /// </summary>
    /// <param name="clients">Each client id with the last awareness clock seen for it.</param>
    /// <param name="bumpClock">
    /// True (default) sends <c>lastClock + 1</c>, which every peer accepts even if it never saw the last state.
    /// False sends <c>lastClock</c> as y-websocket's server does (<c>removeAwarenessStates</c>): peers still accept
    /// it through the "equal clock and null state" rule, and a client that reconnects with the same id and
    /// clock is not shadowed by a newer removal.
    /// </param>
    public static byte[] EncodeRemoval(IEnumerable<(ulong ClientId, ulong LastClock)> clients, bool bumpClock = true)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var entries = new List<AwarenessEntry>();
        foreach ((ulong clientId, ulong lastClock) in clients)
        {
            ulong clock = bumpClock ? lastClock + 1 : lastClock;
            entries.Add(new AwarenessEntry(clientId, clock, "null"));
        }

        return Encode(entries);
    }
}
