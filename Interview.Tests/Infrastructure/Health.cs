using System.Diagnostics;

namespace Interview.Tests.Infrastructure;

/// <summary>Polls a server's <c>/health</c> as an orchestrator does.</summary>
public static class Health
{
    /// <summary>
    /// Returns once <c>/health</c> answers 200. <paramref name="gaveUp"/> may return why waiting is pointless
    /// (the process exited), which fails at once with that reason instead of at the timeout.
    /// </summary>
    public static async Task WaitUntilHealthyAsync(Uri server, TimeSpan timeout, Func<string?>? gaveUp = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (gaveUp?.Invoke() is { } reason) throw new InvalidOperationException(reason);
            try
            {
                using var response = await http.GetAsync(new Uri(server, "/health"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (clock.Elapsed > timeout) throw new TimeoutException($"{server} did not become healthy within {timeout}.");
            await Task.Delay(200);
        }
    }
}
