namespace Interview.CollabHub.Documents.Yjs;

/// <summary>How an Item names its parent when it was written without origins.</summary>
internal enum ParentKind : byte
{
    /// <summary>Not written (the Item has an origin or right origin, so the parent is implied).</summary>
    None = 0,

    /// <summary>A root type, named by <see cref="StructRecord.ParentNameStart"/>.</summary>
    Root = 1,

    /// <summary>A nested type, identified by the ID of the Item holding it.</summary>
    Id = 2,
}

/// <summary>
/// One decoded struct (GC, Skip or Item) as positions into the source bytes plus its header fields.
/// A value type so readers can hand structs around without allocating per struct.
/// </summary>
internal struct StructRecord
{
    /// <summary>GC content ref.</summary>
    public const byte GcRef = 0;

    /// <summary>Skip ref.</summary>
    public const byte SkipRef = 10;

    /// <summary>Content ref for Items (1–9); <see cref="GcRef"/> or <see cref="SkipRef"/> otherwise.</summary>
    public byte Ref;
    public ulong Client;
    public ulong Clock;
    public ulong Length;

    public bool HasOrigin;
    public ulong OriginClient;
    public ulong OriginClock;
    public bool HasRightOrigin;
    public ulong RightClient;
    public ulong RightClock;

    public ParentKind Parent;
    public int ParentNameStart;
    public int ParentNameLength;
    public ulong ParentClient;
    public ulong ParentClock;

    /// <summary>True only if the key was actually read (Item written without origins and flag 0x20).</summary>
    public bool HasParentSub;
    public int ParentSubStart;
    public int ParentSubLength;

    /// <summary>Content bytes [ContentStart, ContentEnd) exactly as they appear in the source.</summary>
    public int ContentStart;
    public int ContentEnd;

    /// <summary>For String: first UTF-8 byte; for JSON/Any: first element (after the count).</summary>
    public int PayloadStart;

    public readonly bool IsItem => Ref is not GcRef and not SkipRef;

    public readonly ulong End => Clock + Length;

    public static StructRecord Skip(ulong client, ulong clock, ulong length) =>
        new() { Ref = SkipRef, Client = client, Clock = clock, Length = length };
}
