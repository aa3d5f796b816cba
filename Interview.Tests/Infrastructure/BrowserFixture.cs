using Microsoft.Playwright;

namespace Interview.Tests.Infrastructure;

/// <summary>
/// One headless Chromium per test collection: Debian's <c>/usr/bin/chromium</c> (or CHROMIUM_PATH),
/// driven by Playwright. Browser downloads are impossible here, so a missing browser fails the run
/// with the command that installs it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(path))
            throw new InvalidOperationException($"Chromium not found at {path}: run `apt-get install -y chromium` (.ci/run does) or set CHROMIUM_PATH.");

        // Expectations wait as long as actions do: on a busy 2-core CI machine a page can take more than
        // Playwright's default 5 s to connect and render.
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync().WithTimeout();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = path,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        }).WithTimeout();
    }

    /// <summary>A fresh browser context: one per participant, as two people on two machines.</summary>
    public async Task<IBrowserContext> NewParticipantAsync(Uri baseUrl)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = baseUrl.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } }).WithTimeout();
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = baseUrl.GetLeftPart(UriPartial.Authority) }).WithTimeout();
        context.SetDefaultTimeout(20_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync().AsTask().WithTimeout();
        playwright?.Dispose();
    }
}
