namespace Interview.SessionApi.Sessions;

/// <summary>The languages a session can be set to; ids match the web client's and Monaco's.</summary>
public static class Languages
{
    public const string Default = "javascript";

    public static readonly IReadOnlyList<string> All =
        ["javascript", "typescript", "python", "java", "csharp", "cpp", "go"];

    public static bool IsKnown(string language) => All.Contains(language, StringComparer.Ordinal);
}
