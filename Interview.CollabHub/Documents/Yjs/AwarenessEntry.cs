namespace Interview.CollabHub.Documents.Yjs;

/// <summary>One client's entry in a y-protocols awareness update.</summary>
/// <param name="ClientId">The Yjs client id (a doc's <c>clientID</c>).</param>
/// <param name="Clock">The sender's awareness clock for that client.</param>
/// <param name="StateJson">The state as JSON text; <c>null</c> (the JSON literal) means the client was removed.</param>
public readonly record struct AwarenessEntry(ulong ClientId, ulong Clock, string StateJson)
{
    /// <summary>True when the state is JSON <c>null</c>, i.e. the entry announces a removal.</summary>
    public bool IsRemoved => StateJson.AsSpan().Trim(" \t\r\n").SequenceEqual("null");
}
