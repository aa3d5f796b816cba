using System.Text.Json;

namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// Validates JSON text the way yjs/y-protocols consume it (<c>JSON.parse</c>): exactly one value of any kind,
/// surrounding whitespace allowed, no comments or trailing commas.
/// </summary>
internal static class JsonText
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = Lib0Limits.MaxNestingDepth,
    };

    /// <summary>Throws <see cref="InvalidUpdateException"/> unless <paramref name="utf8"/> is one JSON value.</summary>
    /// <returns>True when the value is the literal <c>null</c>.</returns>
    public static bool Validate(ReadOnlySpan<byte> utf8, int position)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, new JsonReaderState(Options));
        try
        {
            if (!reader.Read())
            {
                throw new InvalidUpdateException("Empty JSON text", position);
            }

            bool isNull = reader.TokenType == JsonTokenType.Null;
            // Reading to the end makes the reader reject anything after the first complete value.
            while (reader.Read())
            {
            }

            return isNull;
        }
        catch (JsonException ex)
        {
            throw new InvalidUpdateException($"Invalid JSON text: {ex.Message}", position);
        }
    }
}
