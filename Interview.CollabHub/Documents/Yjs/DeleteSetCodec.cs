namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// Reads and writes the delete set that follows the struct section. Ranges are kept flat (client, clock, len,
/// sequence) so merging thousands of inputs needs one list and one sort instead of a dictionary of lists.
/// </summary>
internal static class DeleteSetCodec
{
    /// <summary>One delete range; <see cref="Seq"/> is its order of appearance, used as the stable tie-break.</summary>
    public readonly record struct Range(ulong Client, ulong Clock, ulong Len, int Seq);

    /// <summary>
    /// Reads a delete set at <paramref name="position"/>, appends its ranges to <paramref name="into"/> (or only
    /// validates when null) and requires it to be the last thing in <paramref name="data"/>.
    /// </summary>
    public static void ReadToEnd(ReadOnlySpan<byte> data, int position, List<Range>? into)
    {
        var reader = new Lib0Reader(data, position);
        // A client entry needs at least two bytes (client, range count).
        int clients = reader.ReadCount(2);
        for (int c = 0; c < clients; c++)
        {
            ulong client = reader.ReadVarUint();
            int ranges = reader.ReadCount(2);
            for (int r = 0; r < ranges; r++)
            {
                int at = reader.Position;
                ulong clock = reader.ReadVarUint();
                ulong len = reader.ReadVarUint();
                if (len > Lib0Limits.MaxSafeInteger - clock)
                {
                    throw new InvalidUpdateException("Delete range exceeds 2^53 - 1", at);
                }

                into?.Add(new Range(client, clock, len, into.Count));
            }
        }

        reader.ExpectEnd();
    }

    /// <summary>
    /// Writes ranges grouped by client in descending client order, each client's ranges in appearance order
    /// and untouched (what <c>diffUpdate</c> does: no coalescing, empty clients already absent).
    /// </summary>
    public static void WriteAsIs(Lib0Writer w, List<Range> ranges)
    {
        ranges.Sort(static (a, b) => a.Client != b.Client ? b.Client.CompareTo(a.Client) : a.Seq.CompareTo(b.Seq));
        WriteGroups(w, ranges, ranges.Count);
    }

    /// <summary>
    /// Writes the union of all ranges like yjs's mergeDeleteSets: per client sorted by clock, overlapping or
    /// touching ranges coalesced, clients descending.
    /// </summary>
    public static void WriteMerged(Lib0Writer w, List<Range> ranges)
    {
        ranges.Sort(static (a, b) =>
            a.Client != b.Client ? b.Client.CompareTo(a.Client)
            : a.Clock != b.Clock ? a.Clock.CompareTo(b.Clock)
            : a.Seq.CompareTo(b.Seq));

        // Coalesce in place: keep = number of output ranges so far.
        int keep = 0;
        for (int i = 0; i < ranges.Count; i++)
        {
            Range next = ranges[i];
            if (keep > 0)
            {
                Range cur = ranges[keep - 1];
                if (cur.Client == next.Client && cur.Clock + cur.Len >= next.Clock)
                {
                    ulong len = Math.Max(cur.Len, next.Clock + next.Len - cur.Clock);
                    ranges[keep - 1] = cur with { Len = len };
                    continue;
                }
            }

            ranges[keep++] = next;
        }

        WriteGroups(w, ranges, keep);
    }

    private static void WriteGroups(Lib0Writer w, List<Range> sorted, int count)
    {
        int clients = 0;
        for (int i = 0; i < count; i++)
        {
            if (i == 0 || sorted[i].Client != sorted[i - 1].Client)
            {
                clients++;
            }
        }

        w.WriteVarUint((ulong)clients);
        int start = 0;
        while (start < count)
        {
            ulong client = sorted[start].Client;
            int end = start;
            while (end < count && sorted[end].Client == client)
            {
                end++;
            }

            w.WriteVarUint(client);
            w.WriteVarUint((ulong)(end - start));
            for (int i = start; i < end; i++)
            {
                w.WriteVarUint(sorted[i].Clock);
                w.WriteVarUint(sorted[i].Len);
            }

            start = end;
        }
    }
}
