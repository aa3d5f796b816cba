namespace Interview.CollabHub.Documents.Yjs;

/// <summary>Numeric limits shared by the lib0 reader/writer and the update algorithms.</summary>
public static class Lib0Limits
{
    /// <summary>
    /// 2^53 − 1. lib0 numbers are JS doubles: the JS reader refuses larger varUints, so a value above this
    /// could never round-trip through a browser peer. Clocks, lengths and client ids are all capped here,
    /// which also keeps every <c>clock + length</c> sum far from <see cref="ulong"/> overflow.
    /// </summary>
    public const ulong MaxSafeInteger = (1UL << 53) - 1;

    /// <summary>
    /// Maximum nesting of arrays/objects inside an <c>Any</c> value (and of JSON text). JS would only fail
    /// with a stack overflow far deeper; a fixed bound keeps the recursive reader safe on hostile input.
    /// </summary>
    public const int MaxNestingDepth = 128;
}
