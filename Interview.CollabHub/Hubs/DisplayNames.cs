namespace Interview.CollabHub.Hubs;

/// <summary>Display names as participants type them: trimmed, 1–64 characters, no control characters.</summary>
public static class DisplayNames
{
    public const int MaxLength = 64;

    /// <summary>The trimmed name, or null when it is not acceptable.</summary>
    public static string? Normalize(string? name)
    {
        var trimmed = name?.Trim();
        return trimmed is { Length: > 0 and <= MaxLength } && !trimmed.Any(char.IsControl) ? trimmed : null;
    }
}
