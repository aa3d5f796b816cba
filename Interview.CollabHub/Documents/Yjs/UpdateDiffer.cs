namespace Interview.CollabHub.Documents.Yjs;

/// <summary><c>Y.diffUpdate</c> for v1 updates: keeps what the holder of a state vector lacks.</summary>
internal static class UpdateDiffer
{
    public static byte[] Diff(ReadOnlySpan<byte> update, Dictionary<ulong, ulong> known)
    {
        var cursor = StructCursor.Start(update, dropSkips: false);
        using var writer = new StructWriter(Math.Min(update.Length, 1 << 20));
        while (cursor.HasCurrent)
        {
            ulong c = cursor.Current.Client;
            known.TryGetValue(c, out ulong k);
            if (cursor.Current.Ref == StructRecord.SkipRef)
            {
                // A client's output must never start with a Skip.
                cursor.MoveNext(update);
                continue;
            }

            if (cursor.Current.End > k)
            {
                ulong offset = k > cursor.Current.Clock ? k - cursor.Current.Clock : 0;
                writer.Write(cursor.Current, update, offset);
                cursor.MoveNext(update);
                // The rest of this client's run is written as is, Skips included.
                while (cursor.HasCurrent && cursor.Current.Client == c)
                {
                    writer.Write(cursor.Current, update, 0);
                    cursor.MoveNext(update);
                }
            }
            else
            {
                while (cursor.HasCurrent && cursor.Current.Client == c && cursor.Current.End <= k)
                {
                    cursor.MoveNext(update);
                }
            }
        }

        // The delete set is copied whole: diffs never filter deletions by the state vector.
        var ranges = new List<DeleteSetCodec.Range>();
        DeleteSetCodec.ReadToEnd(update, cursor.Position, ranges);
        using var output = new Lib0Writer(writer.BodyLength + 64 + (ranges.Count * 8));
        writer.CopyTo(output);
        DeleteSetCodec.WriteAsIs(output, ranges);
        return output.ToArray();
    }
}
