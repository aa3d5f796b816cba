using Interview.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Interview.Tests.E2E;

[Collection(AppCollection.Name)]
public sealed class RunCodeTests(AppFixture app, BrowserFixture browser)
{
    private static readonly TimeSpan ColdStart = TimeSpan.FromSeconds(90); // Pyodide's first load on a busy 2-core machine

    [Fact]
    public async Task PythonRunsInTheBrowserAndTheOtherParticipantSeesTheOutput()
    {
        var session = await app.Gateway.CreateAsync("Python run", "python");
        await using var adaContext = await browser.NewParticipantAsync(app.GatewayUrl);
        await using var graceContext = await browser.NewParticipantAsync(app.GatewayUrl);
        var ada = await adaContext.OpenSessionAsync(session.InterviewerUrl, "Ada");
        var grace = await graceContext.OpenSessionAsync(session.JoinUrl, "Grace");

        await ada.ReplaceCodeAsync("print(sum(range(10)))\nprint(undefined_name)\n");
        await ada.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync().WithTimeout();

        var output = ada.GetByRole(AriaRole.Region, new() { Name = "Output" });
        await Assertions.Expect(output.Locator("[data-stream='stdout']").First).ToHaveTextAsync("45\n", new() { Timeout = (float)ColdStart.TotalMilliseconds }).WithTimeout(ColdStart);
        await Assertions.Expect(output.Locator("[data-stream='stderr']")).ToContainTextAsync("line 2").WithTimeout();
        await Assertions.Expect(output.Locator("[data-stream='stderr']")).ToContainTextAsync("NameError").WithTimeout();

        var seenByGrace = grace.GetByRole(AriaRole.Region, new() { Name = "Output" });
        await Assertions.Expect(seenByGrace).ToContainTextAsync("45").WithTimeout();
        await Assertions.Expect(seenByGrace).ToHaveAttributeAsync("data-run-by", "Ada").WithTimeout();
    }

    [Fact]
    public async Task JavaScriptRunsAndARunawayLoopIsStoppedThenTheNextRunWorks()
    {
        var session = await app.Gateway.CreateAsync("JS run", "javascript");
        await using var context = await browser.NewParticipantAsync(app.GatewayUrl);
        var page = await context.OpenSessionAsync(session.InterviewerUrl, "Ada");
        Assert.True(await page.EvaluateAsync<bool>("() => crossOriginIsolated").WithTimeout(), "the app is cross-origin isolated, so Stop can interrupt");
        var runner = page.Locator("section[aria-label='Code runner']");
        var output = page.GetByRole(AriaRole.Region, new() { Name = "Output" });

        await page.ReplaceCodeAsync("console.log([1, 2, {a: 3}]);");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync().WithTimeout();
        await Assertions.Expect(output).ToContainTextAsync("{ a: 3 }", new() { Timeout = 60_000 }).WithTimeout(TimeSpan.FromMinutes(1));

        await page.ReplaceCodeAsync("while (true) {}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync().WithTimeout();
        await Assertions.Expect(runner).ToHaveAttributeAsync("data-run-status", "running").WithTimeout();
        var stop = DateTime.UtcNow;
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync().WithTimeout();
        await Assertions.Expect(runner).ToHaveAttributeAsync("data-run-status", "stopped").WithTimeout();
        Assert.True(DateTime.UtcNow - stop < TimeSpan.FromSeconds(3), "Stop ends the run at once");

        await page.ReplaceCodeAsync("console.log('after stop', 6 * 7);");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync().WithTimeout();
        await Assertions.Expect(output).ToContainTextAsync("after stop 42").WithTimeout();
    }

    [Fact]
    public async Task InputFromTheStdinBoxFeedsPythonAndJavaScript()
    {
        var session = await app.Gateway.CreateAsync("Stdin", "python");
        await using var context = await browser.NewParticipantAsync(app.GatewayUrl);
        var page = await context.OpenSessionAsync(session.InterviewerUrl, "Ada");
        var output = page.GetByRole(AriaRole.Region, new() { Name = "Output" });
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Input" }).FillAsync("Ada\nLovelace").WithTimeout();

        await page.ReplaceCodeAsync("name = input()\nprint('hi', name, input())\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync().WithTimeout();
        await Assertions.Expect(output.Locator("[data-stream='stdout']").First).ToContainTextAsync("hi Ada Lovelace", new() { Timeout = (float)ColdStart.TotalMilliseconds }).WithTimeout(ColdStart);

        await page.GetByLabel("Language").SelectOptionAsync("javascript").WithTimeout();
        await page.ReplaceCodeAsync("console.log(readline() + '!', readline(), readline());");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync().WithTimeout();
        await Assertions.Expect(output).ToContainTextAsync("Ada! Lovelace null", new() { Timeout = 60_000 }).WithTimeout(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task AMemoryBombEndsWithAnErrorAndTheTabLivesOn()
    {
        var session = await app.Gateway.CreateAsync("Memory bomb", "javascript");
        await using var context = await browser.NewParticipantAsync(app.GatewayUrl);
        var page = await context.OpenSessionAsync(session.InterviewerUrl, "Ada");
        var output = page.GetByRole(AriaRole.Region, new() { Name = "Output" });

        await page.ReplaceCodeAsync("const hoard = []; for (;;) hoard.push(new Array(1e6).fill(7));");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync().WithTimeout();
        await Assertions.Expect(output).ToContainTextAsync("memory", new() { Timeout = 60_000, IgnoreCase = true }).WithTimeout(TimeSpan.FromMinutes(1));

        await page.ReplaceCodeAsync("console.log('still alive');");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync().WithTimeout();
        await Assertions.Expect(output).ToContainTextAsync("still alive", new() { Timeout = 60_000 }).WithTimeout(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task AJavaScriptErrorShowsItsMessageAndLine()
    {
        var session = await app.Gateway.CreateAsync("JS error", "javascript");
        await using var context = await browser.NewParticipantAsync(app.GatewayUrl);
        var page = await context.OpenSessionAsync(session.InterviewerUrl, "Ada");

        await page.ReplaceCodeAsync("const x = 1;\nthrow new Error('boom');\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync().WithTimeout();

        var stderr = page.GetByRole(AriaRole.Region, new() { Name = "Output" }).Locator("[data-stream='stderr']");
        await Assertions.Expect(stderr).ToContainTextAsync("Error: boom", new() { Timeout = 60_000 }).WithTimeout(TimeSpan.FromMinutes(1));
        await Assertions.Expect(stderr).ToContainTextAsync("main.js:2").WithTimeout();
    }

    [Fact]
    public async Task UserCodeCannotReachTheAppTheSessionOrTheNetwork()
    {
        var session = await app.Gateway.CreateAsync("Escape", "javascript");
        await using var context = await browser.NewParticipantAsync(app.GatewayUrl);
        var page = await context.OpenSessionAsync(session.InterviewerUrl, "Ada");
        await page.EvaluateAsync("() => { localStorage.setItem('secret', 'app-only'); document.cookie = 'session=app-only'; }").WithTimeout();
        var output = page.GetByRole(AriaRole.Region, new() { Name = "Output" });

        await page.ReplaceCodeAsync(string.Join(' ',
            "const probe = (name, f) => { try { console.log(name, String(f())); } catch (e) { console.log(name, 'blocked'); } };",
            "probe('parent', () => parent.document.title);",
            "probe('top', () => top.location.href);",
            "probe('cookie', () => document.cookie);",
            "probe('storage', () => localStorage.getItem('secret'));",
            "probe('fetch', () => fetch('/api/sessions', { method: 'POST', credentials: 'include' }));",
            "console.log('done');"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync().WithTimeout();

        await Assertions.Expect(output).ToContainTextAsync("done", new() { Timeout = 60_000 }).WithTimeout(TimeSpan.FromMinutes(1));
        var text = await output.InnerTextAsync().WithTimeout();
        Assert.DoesNotContain("app-only", text);
        Assert.DoesNotContain("Interview", text); // the app's title
        Assert.DoesNotContain("http", text);      // no location leaked
        Assert.DoesNotContain("[object Promise]", text); // no request was even started
    }
}
