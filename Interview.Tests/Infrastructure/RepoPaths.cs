namespace Interview.Tests.Infrastructure;

/// <summary>Where the repository's own files are, found from the test binaries upwards.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string WebClient => Path.Combine(Root, "interview-web");

    /// <summary>Fails (never skips) with the command to run when the built client is missing.</summary>
    public static void RequireBuiltWebClient()
    {
        if (!File.Exists(Path.Combine(WebClient, "dist", "index.html")))
            throw new InvalidOperationException(
                "The web client is not built: run `npm ci && npm run build` in interview-web (./test.sh does this).");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Interview.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Interview.sln above {AppContext.BaseDirectory}.");
    }
}
