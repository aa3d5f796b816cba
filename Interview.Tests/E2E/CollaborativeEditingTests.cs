using Interview.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Interview.Tests.E2E;

[Collection(AppCollection.Name)]
public sealed class CollaborativeEditingTests(AppFixture app, BrowserFixture browser)
{
    /// <summary>The editor's text as a person sees it: rendered lines in top-to-bottom order.</summary>
    private const string ReadEditor = """
        () => [...document.querySelectorAll('.view-lines .view-line')]
          .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
          .map(line => line.textContent.replace(/\u00a0/g, ' '))
          .join('\n')
        """;

    [Fact]
    public async Task TwoPeopleTypingAtOnceEndWithTheSameTextAndSeeEachOthersCursors()
    {
        var session = await app.Gateway.CreateAsync("Pairing", "javascript");
        await using var adaContext = await browser.NewParticipantAsync(app.GatewayUrl);
        await using var graceContext = await browser.NewParticipantAsync(app.GatewayUrl);
        var ada = await adaContext.OpenSessionAsync(session.InterviewerUrl, "Ada");
        var grace = await graceContext.OpenSessionAsync(session.JoinUrl, "Grace");

        // Both type at once, in different places (at one spot the two texts would interleave, as in any CRDT editor).
        await Task.WhenAll(ada.TypeAtAsync("Control+End", "\n// ada was here"), grace.TypeAtAsync("Control+Home", "// grace was here\n")).WithTimeout();

        string a = "", g = "";
        await WaitForAsync(async () =>
        {
            (a, g) = (await ada.EvaluateAsync<string>(ReadEditor), await grace.EvaluateAsync<string>(ReadEditor));
            return a == g && a.Contains("// ada was here") && a.Contains("// grace was here");
        }, () => $"both editors show the same text with both lines; Ada sees:\n{a}\nGrace sees:\n{g}");

        await AssertSeesCursorOfAsync(ada, "Grace");
        await AssertSeesCursorOfAsync(grace, "Ada");
        await Assertions.Expect(ada.GetByRole(AriaRole.List, new() { Name = "Participants" }).GetByText("Grace")).ToBeVisibleAsync().WithTimeout();
    }

    [Fact]
    public async Task ChangingTheLanguageSwitchesHighlightingForEveryone()
    {
        var session = await app.Gateway.CreateAsync("Language switch", "javascript");
        await using var adaContext = await browser.NewParticipantAsync(app.GatewayUrl);
        await using var graceContext = await browser.NewParticipantAsync(app.GatewayUrl);
        var ada = await adaContext.OpenSessionAsync(session.InterviewerUrl, "Ada");
        var grace = await graceContext.OpenSessionAsync(session.JoinUrl, "Grace");
        await Assertions.Expect(grace.Locator(".code-editor")).ToHaveAttributeAsync("data-language", "javascript").WithTimeout();

        await ada.GetByLabel("Language").SelectOptionAsync("python").WithTimeout();

        await Assertions.Expect(grace.Locator(".code-editor")).ToHaveAttributeAsync("data-language", "python").WithTimeout();
        await Assertions.Expect(grace.GetByLabel("Language")).ToHaveValueAsync("python").WithTimeout();
        await Assertions.Expect(grace.Locator(".view-lines span[class*='mtk']:not(.mtk1)").First).ToBeVisibleAsync().WithTimeout();
    }

    [Fact]
    public async Task ClosingAndReopeningATabLosesNothing()
    {
        var session = await app.Gateway.CreateAsync("Reopen", "javascript");
        await using var adaContext = await browser.NewParticipantAsync(app.GatewayUrl);
        var ada = await adaContext.OpenSessionAsync(session.InterviewerUrl, "Ada");
        await ada.TypeAtAsync("Control+End", "\nconst kept = 42;");
        await Assertions.Expect(ada.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("data-unsynced", "false").WithTimeout();
        var before = await ada.EvaluateAsync<string>(ReadEditor).WithTimeout();
        await ada.CloseAsync().WithTimeout();

        var reopened = await adaContext.NewPageAsync().WithTimeout();
        await reopened.GotoAsync(session.JoinUrl).WithTimeout();
        await Assertions.Expect(reopened.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("data-status", "connected").WithTimeout();

        await WaitForAsync(async () => await reopened.EvaluateAsync<string>(ReadEditor) == before, "the reopened tab shows everything typed");
        Assert.Contains("const kept = 42;", before);
    }

    [Fact]
    public async Task SecondsOfSteadyTypingNeverSayUnsyncedChanges()
    {
        var session = await app.Gateway.CreateAsync("Steady typing", "javascript");
        await using var adaContext = await browser.NewParticipantAsync(app.GatewayUrl);
        var ada = await adaContext.OpenSessionAsync(session.InterviewerUrl, "Ada");
        // The status says "Unsynced changes" once a change has waited a second; keystrokes are confirmed in batches
        // at most half a second apart, so while the hub keeps up it must never say it.
        await ada.EvaluateAsync("""
            () => {
              const status = document.querySelector('[role=status]');
              window.saidUnsynced = false;
              new MutationObserver(() => { if (status.textContent.includes('Unsynced')) window.saidUnsynced = true; })
                .observe(status, { subtree: true, childList: true, characterData: true });
            }
            """).WithTimeout();

        await ada.Locator(".monaco-editor .view-lines").ClickAsync().WithTimeout();
        await ada.Keyboard.PressAsync("Control+End").WithTimeout();
        await ada.Keyboard.TypeAsync("\n// " + new string('x', 40), new() { Delay = 80 }).WithTimeout(); // about 3.5 s

        await Assertions.Expect(ada.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("data-unsynced", "false").WithTimeout();
        Assert.False(await ada.EvaluateAsync<bool>("() => window.saidUnsynced").WithTimeout(), "the status said \"Unsynced changes\" while typing");
        Assert.Contains("// " + new string('x', 40), await ada.EvaluateAsync<string>(ReadEditor).WithTimeout());
    }

    private static async Task AssertSeesCursorOfAsync(IPage page, string name)
    {
        var remote = page.GetByRole(AriaRole.List, new() { Name = "Participants" }).Locator("li:not([data-local='true'])").Filter(new() { HasText = name });
        var clientId = await remote.GetAttributeAsync("data-client-id").WithTimeout();
        await WaitForAsync(async () =>
        {
            var label = await page.EvaluateAsync<string?>(
                "id => { const el = document.querySelector('.yRemoteSelectionHead-' + id); return el && getComputedStyle(el, '::after').content; }", clientId);
            return label is not null && label.Contains(name);
        }, $"{name}'s cursor carries their name");
    }

    private static Task WaitForAsync(Func<Task<bool>> condition, string what) => WaitForAsync(condition, () => what);

    private static async Task WaitForAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + Timeouts.Default;
        while (!await condition().WithTimeout())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting until {what()}.");
            await Task.Delay(100);
        }
    }
}
