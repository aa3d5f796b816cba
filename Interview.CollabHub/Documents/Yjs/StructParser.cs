namespace Interview.CollabHub.Documents.Yjs;

/// <summary>Decodes one struct (header + content) of a v1 update, validating everything yjs would reject.</summary>
internal static class StructParser
{
    private const byte OriginFlag = 0x80;
    private const byte RightOriginFlag = 0x40;
    private const byte ParentSubFlag = 0x20;

    /// <summary>Reads the struct at the reader position for <paramref name="client"/> starting at <paramref name="clock"/>.</summary>
    public static void Read(ref Lib0Reader reader, ulong client, ulong clock, out StructRecord s)
    {
        int start = reader.Position;
        byte info = reader.ReadByte();
        int contentRef = info & 0x1F;
        s = default;
        s.Client = client;
        s.Clock = clock;
        s.Ref = (byte)contentRef;

        if (contentRef is StructRecord.GcRef or StructRecord.SkipRef)
        {
            // yjs never sets flags on GC/Skip; readers disagree on what flagged ones mean, so refuse them.
            if (info != contentRef)
            {
                throw new InvalidUpdateException($"Flags set on a GC/Skip struct (info {info:x2})", start);
            }

            s.Length = reader.ReadVarUint();
        }
        else if (contentRef > 9)
        {
            throw new InvalidUpdateException($"Unknown struct content ref {contentRef}", start);
        }
        else
        {
            ReadItemHeader(ref reader, info, ref s);
            s.ContentStart = reader.Position;
            s.Length = ReadContent(ref reader, contentRef, ref s);
            s.ContentEnd = reader.Position;
        }

        if (s.Length == 0)
        {
            // yjs never writes empty structs; they would confuse every "clock < end" comparison downstream.
            throw new InvalidUpdateException("Struct with zero length", start);
        }

        if (s.Length > Lib0Limits.MaxSafeInteger - clock)
        {
            throw new InvalidUpdateException("Struct clock range exceeds 2^53 - 1", start);
        }
    }

    private static void ReadItemHeader(ref Lib0Reader reader, byte info, ref StructRecord s)
    {
        if ((info & OriginFlag) != 0)
        {
            s.HasOrigin = true;
            s.OriginClient = reader.ReadVarUint();
            s.OriginClock = reader.ReadVarUint();
        }

        if ((info & RightOriginFlag) != 0)
        {
            s.HasRightOrigin = true;
            s.RightClient = reader.ReadVarUint();
            s.RightClock = reader.ReadVarUint();
        }

        if (s.HasOrigin || s.HasRightOrigin)
        {
            // Parent and key are implied by the neighbours; the 0x20 flag may be set but nothing follows.
            return;
        }

        int at = reader.Position;
        ulong parentInfo = reader.ReadVarUint();
        if (parentInfo == 1)
        {
            s.Parent = ParentKind.Root;
            s.ParentNameLength = reader.ReadVarStringUtf8().Length;
            s.ParentNameStart = reader.Position - s.ParentNameLength;
        }
        else if (parentInfo == 0)
        {
            s.Parent = ParentKind.Id;
            s.ParentClient = reader.ReadVarUint();
            s.ParentClock = reader.ReadVarUint();
        }
        else
        {
            throw new InvalidUpdateException($"Invalid parent info {parentInfo}", at);
        }

        if ((info & ParentSubFlag) != 0)
        {
            s.HasParentSub = true;
            s.ParentSubLength = reader.ReadVarStringUtf8().Length;
            s.ParentSubStart = reader.Position - s.ParentSubLength;
        }
    }

    /// <summary>Validates the content and returns its length in clock units.</summary>
    private static ulong ReadContent(ref Lib0Reader reader, int contentRef, ref StructRecord s)
    {
        int at = reader.Position;
        switch (contentRef)
        {
            case 1: // Deleted
                return reader.ReadVarUint();
            case 2: // JSON (legacy): n × JSON text or the literal "undefined"
                {
                    int n = reader.ReadCount(1);
                    s.PayloadStart = reader.Position;
                    for (int i = 0; i < n; i++)
                    {
                        int elementAt = reader.Position;
                        ReadOnlySpan<byte> text = reader.ReadVarStringUtf8();
                        if (!text.SequenceEqual("undefined"u8))
                        {
                            _ = JsonText.Validate(text, elementAt);
                        }
                    }

                    return (ulong)n;
                }

            case 3: // Binary
                _ = reader.ReadVarBytes();
                return 1;
            case 4: // String: clock length is in UTF-16 units
                {
                    ReadOnlySpan<byte> text = reader.ReadVarStringUtf8();
                    s.PayloadStart = reader.Position - text.Length;
                    return (ulong)Utf16Text.Length(text);
                }

            case 5: // Embed
                _ = JsonText.Validate(reader.ReadVarStringUtf8(), at);
                return 1;
            case 6: // Format: key, JSON value
                _ = reader.ReadVarStringUtf8();
                at = reader.Position;
                _ = JsonText.Validate(reader.ReadVarStringUtf8(), at);
                return 1;
            case 7: // Type
                {
                    ulong typeRef = reader.ReadVarUint();
                    if (typeRef > 6)
                    {
                        throw new InvalidUpdateException($"Unknown type ref {typeRef}", at);
                    }

                    if (typeRef is 3 or 5)
                    {
                        _ = reader.ReadVarStringUtf8(); // XmlElement nodeName / XmlHook hookName
                    }

                    return 1;
                }

            case 8: // Any
                {
                    int n = reader.ReadCount(1);
                    s.PayloadStart = reader.Position;
                    for (int i = 0; i < n; i++)
                    {
                        reader.SkipAny();
                    }

                    return (ulong)n;
                }

            default: // 9: Doc — guid, then an options object
                {
                    _ = reader.ReadVarStringUtf8();
                    if (reader.PeekByte() != 118)
                    {
                        throw new InvalidUpdateException("Subdocument options must be an object", reader.Position);
                    }

                    reader.SkipAny();
                    return 1;
                }
        }
    }
}
