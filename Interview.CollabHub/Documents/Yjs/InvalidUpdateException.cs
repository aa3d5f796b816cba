namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// Thrown when bytes that should hold a Yjs v1 update, a state vector or an awareness update are malformed:
/// truncated, with trailing bytes, with out-of-range numbers, invalid UTF-8/JSON, unknown struct or content
/// kinds, or declared lengths that cannot fit in the input.
/// </summary>
/// <remarks>
/// Derives from <see cref="FormatException"/> so callers that already treat format errors as "bad client input"
/// keep working; every decoding path in this namespace reports malformed input only through this type.
/// </remarks>
public sealed class InvalidUpdateException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="position">Byte offset in the input where the problem was found, or -1 if unknown.</param>
    public InvalidUpdateException(string message, int position)
        : base(position >= 0 ? $"{message} (at byte {position})" : message)
    {
        Position = position;
    }

    /// <summary>Creates the exception without a position.</summary>
    public InvalidUpdateException(string message) : this(message, -1)
    {
    }

    /// <summary>Creates the exception without details (serialization/analyzer convention).</summary>
    public InvalidUpdateException() : this("Malformed Yjs data", -1)
    {
    }

    /// <summary>Creates the exception wrapping another one.</summary>
    public InvalidUpdateException(string message, Exception innerException) : base(message, innerException)
    {
        Position = -1;
    }

    /// <summary>Byte offset in the input where the problem was detected, or -1 if unknown.</summary>
    public int Position { get; }
}
