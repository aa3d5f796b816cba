namespace Interview.CollabHub.Documents.Yjs;

/// <summary>Encodes one struct at a clock offset, byte-compatible with yjs's <c>struct.write(encoder, offset)</c>.</summary>
internal static class StructEncoder
{
    public static void Encode(Lib0Writer w, in StructRecord s, ReadOnlySpan<byte> source, ulong offset)
    {
        if (!s.IsItem)
        {
            // GC and Skip carry only a length; slicing just shortens them.
            w.WriteByte(s.Ref);
            w.WriteVarUint(s.Length - offset);
            return;
        }

        EncodeItemHeader(w, s, source, offset);
        EncodeContent(w, s, source, offset);
    }

    /// <summary>Everything of an Item before its content: info byte, origins, and parent where implied by neither.</summary>
    public static void EncodeItemHeader(Lib0Writer w, in StructRecord s, ReadOnlySpan<byte> source, ulong offset)
    {

        // A tail always gets the unit just before it as origin, which also hides parent and key.
        bool hasOrigin = offset > 0 || s.HasOrigin;
        byte info = (byte)(s.Ref
            | (hasOrigin ? 0x80 : 0)
            | (s.HasRightOrigin ? 0x40 : 0)
            | (s.HasParentSub ? 0x20 : 0));
        w.WriteByte(info);
        if (offset > 0)
        {
            w.WriteVarUint(s.Client);
            w.WriteVarUint(s.Clock + offset - 1);
        }
        else if (s.HasOrigin)
        {
            w.WriteVarUint(s.OriginClient);
            w.WriteVarUint(s.OriginClock);
        }

        if (s.HasRightOrigin)
        {
            w.WriteVarUint(s.RightClient);
            w.WriteVarUint(s.RightClock);
        }

        if (!hasOrigin && !s.HasRightOrigin)
        {
            if (s.Parent == ParentKind.Root)
            {
                w.WriteByte(1);
                w.WriteVarBytes(source.Slice(s.ParentNameStart, s.ParentNameLength));
            }
            else
            {
                w.WriteByte(0);
                w.WriteVarUint(s.ParentClient);
                w.WriteVarUint(s.ParentClock);
            }

            if (s.HasParentSub)
            {
                w.WriteVarBytes(source.Slice(s.ParentSubStart, s.ParentSubLength));
            }
        }
    }

    private static void EncodeContent(Lib0Writer w, in StructRecord s, ReadOnlySpan<byte> source, ulong offset)
    {
        if (offset == 0)
        {
            // Input was validated and uses minimal varUints, so its bytes equal yjs's re-encoding of them.
            w.WriteBytes(source[s.ContentStart..s.ContentEnd]);
            return;
        }

        switch (s.Ref)
        {
            case 1: // Deleted
                w.WriteVarUint(s.Length - offset);
                return;
            case 4: // String
                Utf16Text.WriteTail(w, source[s.PayloadStart..s.ContentEnd], offset);
                return;
            case 2: // JSON
            case 8: // Any
                {
                    var reader = new Lib0Reader(source[..s.ContentEnd], s.PayloadStart);
                    for (ulong i = 0; i < offset; i++)
                    {
                        if (s.Ref == 2)
                        {
                            _ = reader.ReadVarBytes();
                        }
                        else
                        {
                            reader.SkipAny();
                        }
                    }

                    w.WriteVarUint(s.Length - offset);
                    w.WriteBytes(source[reader.Position..s.ContentEnd]);
                    return;
                }

            default:
                // Every other content has length 1, and a slice offset is always strictly inside a struct.
                throw new InvalidOperationException($"Content ref {s.Ref} cannot be sliced");
        }
    }
}
