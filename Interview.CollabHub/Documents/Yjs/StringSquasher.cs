namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// Joins runs of string Items that a Y.Doc would hold as one Item: same client, consecutive clocks, each
/// inserted right after the previous one (origin = the previous Item's last unit) before the same right
/// origin. <c>Y.mergeUpdates</c> never does this, so a document typed one key at a time stays one struct
/// per keystroke; after squashing it is as small as <c>Y.encodeStateAsUpdate</c> would make it.
/// </summary>
/// <remarks>
/// Only String content (ref 4) is joined: it exists only in sequences (Y.Text), never as a map value,
/// so no key can differ between the joined Items. Deletions live in the delete set by ID and are copied
/// unchanged; a joined Item that is partly deleted is split again by whoever applies the update.
/// </remarks>
internal static class StringSquasher
{
    private const byte StringRef = 4;

    public static byte[] Squash(ReadOnlySpan<byte> update)
    {
        var cursor = StructCursor.Start(update, dropSkips: false);
        using var body = new Lib0Writer(update.Length);
        using var text = new Lib0Writer(256);
        var sections = new List<(ulong Client, ulong FirstClock, int Count, int Start, int End)>();

        StructRecord run = default;
        var inRun = false;
        for (; cursor.HasCurrent; cursor.MoveNext(update))
        {
            ref StructRecord s = ref cursor.Current;
            if (inRun && Continues(run, s))
            {
                text.WriteBytes(update[s.PayloadStart..s.ContentEnd]);
                run.Length += s.Length;
                continue;
            }

            if (inRun) FlushRun(body, run, update, text, sections);
            inRun = false;
            if (s.Ref == StringRef)
            {
                run = s;
                inRun = true;
                text.Reset();
                text.WriteBytes(update[s.PayloadStart..s.ContentEnd]);
                continue;
            }

            StartStruct(body, sections, s.Client, s.Clock);
            StructEncoder.Encode(body, s, update, 0);
        }

        if (inRun) FlushRun(body, run, update, text, sections);
        CloseSection(body, sections);

        using var output = new Lib0Writer(body.Length + 16);
        output.WriteVarUint((ulong)sections.Count);
        foreach (var (client, firstClock, count, start, end) in sections)
        {
            output.WriteVarUint((ulong)count);
            output.WriteVarUint(client);
            output.WriteVarUint(firstClock);
            output.WriteBytes(body.WrittenSpan[start..end]);
        }

        // The delete set follows the structs; it is already in its final form.
        output.WriteBytes(update[cursor.Position..]);
        return output.ToArray();
    }

    private static bool Continues(in StructRecord run, in StructRecord next) =>
        next.Ref == StringRef
        && next.Client == run.Client
        && next.Clock == run.End
        && next.HasOrigin && next.OriginClient == run.Client && next.OriginClock == run.End - 1
        && next.HasRightOrigin == run.HasRightOrigin
        && (!run.HasRightOrigin || (next.RightClient == run.RightClient && next.RightClock == run.RightClock));

    private static void FlushRun(
        Lib0Writer body, in StructRecord run, ReadOnlySpan<byte> update, Lib0Writer text,
        List<(ulong Client, ulong FirstClock, int Count, int Start, int End)> sections)
    {
        StartStruct(body, sections, run.Client, run.Clock);
        StructEncoder.EncodeItemHeader(body, run, update, 0);
        body.WriteVarBytes(text.WrittenSpan);
    }

    private static void StartStruct(Lib0Writer body, List<(ulong Client, ulong FirstClock, int Count, int Start, int End)> sections, ulong client, ulong clock)
    {
        if (sections.Count > 0 && sections[^1].End < 0 && sections[^1].Client == client)
        {
            var open = sections[^1];
            sections[^1] = open with { Count = open.Count + 1 };
            return;
        }

        CloseSection(body, sections);
        sections.Add((client, clock, 1, body.Length, -1));
    }

    private static void CloseSection(Lib0Writer body, List<(ulong Client, ulong FirstClock, int Count, int Start, int End)> sections)
    {
        if (sections.Count > 0 && sections[^1].End < 0) sections[^1] = sections[^1] with { End = body.Length };
    }
}
