using System.Diagnostics.CodeAnalysis;

namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// Server-side operations on Yjs v1 updates without a document model: validate, merge, diff against a state
/// vector and derive a state vector. Outputs are byte-identical to yjs 13.6 (<c>Y.mergeUpdates</c>,
/// <c>Y.diffUpdate</c>, <c>Y.encodeStateVectorFromUpdate</c>) for input that yjs produced.
/// </summary>
/// <remarks>
/// Every input is fully validated (<see cref="Validate"/>); malformed bytes throw
/// <see cref="InvalidUpdateException"/>. Version-2 updates are not supported: their bytes are rejected or, in
/// rare cases, parse as a different v1 update, so never mix the two formats.
/// </remarks>
public static class YUpdate
{
    /// <summary>The encoding of an update that contains nothing (<c>00 00</c>).</summary>
    public static ReadOnlySpan<byte> Empty => [0, 0];

    /// <summary>
    /// Merges updates into one (same bytes as <c>Y.mergeUpdates</c>). A single update is validated and returned
    /// as the same array; no updates give <c>00 00</c>. The output depends on input order, the document it
    /// describes does not.
    /// </summary>
    /// <exception cref="InvalidUpdateException">An input is malformed.</exception>
    public static byte[] MergeUpdates(IReadOnlyList<byte[]> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return Empty.ToArray();
        }

        if (updates.Count == 1)
        {
            byte[] only = updates[0] ?? throw new ArgumentException("Update list contains null", nameof(updates));
            Validate(only);
            return only;
        }

        return UpdateMerger.Merge(updates);
    }

    /// <summary>
    /// Returns the part of <paramref name="update"/> that a peer at <paramref name="stateVector"/> lacks
    /// (same bytes as <c>Y.diffUpdate</c>). The delete set is always copied whole.
    /// </summary>
    /// <exception cref="InvalidUpdateException">The update or the state vector is malformed.</exception>
    public static byte[] DiffUpdate(ReadOnlySpan<byte> update, ReadOnlySpan<byte> stateVector) =>
        UpdateDiffer.Diff(update, YStateVector.Decode(stateVector));

    /// <summary>Diff against an already decoded state vector (absent client = clock 0).</summary>
    /// <exception cref="InvalidUpdateException">The update is malformed.</exception>
    public static byte[] DiffUpdate(ReadOnlySpan<byte> update, IReadOnlyDictionary<ulong, ulong> stateVector)
    {
        ArgumentNullException.ThrowIfNull(stateVector);
        var known = stateVector as Dictionary<ulong, ulong> ?? new Dictionary<ulong, ulong>(stateVector);
        return UpdateDiffer.Diff(update, known);
    }

    /// <summary>
    /// The state vector an update implies (same bytes as <c>Y.encodeStateVectorFromUpdate</c>): per client, the
    /// end of its contiguous run from clock 0, cut at the first hole; clients not starting at 0 are left out.
    /// </summary>
    /// <exception cref="InvalidUpdateException">The update is malformed (the delete set is checked too).</exception>
    public static byte[] EncodeStateVectorFromUpdate(ReadOnlySpan<byte> update)
    {
        var cursor = StructCursor.Start(update, dropSkips: false);
        using var body = new Lib0Writer(64);
        int size = 0;
        if (cursor.HasCurrent)
        {
            ulong currClient = cursor.Current.Client;
            bool stopCounting = cursor.Current.Clock != 0;
            ulong currClock = stopCounting ? 0 : cursor.Current.End;
            for (; cursor.HasCurrent; cursor.MoveNext(update))
            {
                ref StructRecord s = ref cursor.Current;
                if (s.Client != currClient)
                {
                    if (currClock != 0)
                    {
                        size++;
                        body.WriteVarUint(currClient);
                        body.WriteVarUint(currClock);
                    }

                    currClient = s.Client;
                    currClock = 0;
                    stopCounting = s.Clock != 0;
                }

                if (s.Ref == StructRecord.SkipRef)
                {
                    stopCounting = true;
                }

                if (!stopCounting)
                {
                    currClock = s.End;
                }
            }

            if (currClock != 0)
            {
                size++;
                body.WriteVarUint(currClient);
                body.WriteVarUint(currClock);
            }
        }

        DeleteSetCodec.ReadToEnd(update, cursor.Position, into: null);
        using var output = new Lib0Writer(body.Length + 10);
        output.WriteVarUint((ulong)size);
        output.WriteBytes(body.WrittenSpan);
        return output.ToArray();
    }

    /// <summary>
    /// Joins consecutive string Items that a Y.Doc would hold as one (typed one after the other by the same
    /// client), so an update built from single keystrokes becomes about as small as
    /// <c>Y.encodeStateAsUpdate</c> of the same document. Not a yjs function: applying the result gives the
    /// same document and state vector as applying the input.
    /// </summary>
    /// <exception cref="InvalidUpdateException">The update is malformed.</exception>
    public static byte[] SquashStrings(ReadOnlySpan<byte> update) => StringSquasher.Squash(update);

    /// <summary>
    /// Checks that <paramref name="update"/> is exactly one well-formed v1 update: every struct and content
    /// parses (strict UTF-8, valid JSON, known content/type refs, no zero-length structs, numbers ≤ 2^53 − 1,
    /// bounded Any nesting), the delete set parses, and no bytes follow it.
    /// </summary>
    /// <exception cref="InvalidUpdateException">The update is malformed.</exception>
    public static void Validate(ReadOnlySpan<byte> update)
    {
        var cursor = StructCursor.Start(update, dropSkips: false);
        while (cursor.HasCurrent)
        {
            cursor.MoveNext(update);
        }

        DeleteSetCodec.ReadToEnd(update, cursor.Position, into: null);
    }

    /// <summary>Non-throwing <see cref="Validate"/>.</summary>
    public static bool TryValidate(ReadOnlySpan<byte> update, [NotNullWhen(false)] out string? error)
    {
        try
        {
            Validate(update);
            error = null;
            return true;
        }
        catch (InvalidUpdateException ex)
        {
            error = ex.Message;
            return false;
        }
    }
}
