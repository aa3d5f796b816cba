using System.Text.RegularExpressions;

namespace Interview.Gateway;

/// <summary>
/// <c>dotnet Interview.Gateway.dll --health [url]</c>: exits 0 when the server's <c>/health</c> answers 200 within
/// a few seconds, else 1. The container's HEALTHCHECK runs it, because the ASP.NET runtime image has no curl
/// or wget; it needs nothing but the runtime that is there anyway.
/// </summary>
public static partial class HealthProbe
{
    public const string Flag = "--health";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? new Uri(args[1]) : DefaultUrl();
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"{url}: {e.Message}");
            return 1;
        }
    }

    /// <summary>This process's own port, from the settings Kestrel reads (<c>ASPNETCORE_URLS</c> wins over <c>ASPNETCORE_HTTP_PORTS</c>).</summary>
    private static Uri DefaultUrl()
    {
        var urls = Environment.GetEnvironmentVariable("ASPNETCORE_URLS");
        var ports = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS");
        // URLs may name a wildcard host ("http://+:8080"), which is no URI: only the port is taken from them.
        var port = (urls is null ? null : HttpUrlPort().Match(urls) is { Success: true } m ? m.Groups[1].Value : null)
            ?? ports?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? "5000"; // Kestrel's own default
        return new Uri($"http://127.0.0.1:{port}/health");
    }

    [GeneratedRegex(@"http://[^;]*:(\d+)")]
    private static partial Regex HttpUrlPort();
}
