using Interview.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Interview.Tests.E2E;

[Collection(AppCollection.Name)]
public sealed class StartAnInterviewTests(AppFixture app, BrowserFixture browser)
{
    /// <summary>Monaco first renders plain tokens (mtk1); coloured ones appear once the language tokenizer ran.</summary>
    private const string HighlightedToken = ".view-lines span[class*='mtk']:not(.mtk1)";

    [Fact]
    public async Task AnInterviewerStartsAnInterviewAndACandidateOpensTheSharedLink()
    {
        await using var interviewer = await browser.NewParticipantAsync(app.GatewayUrl);
        var page = await interviewer.NewPageAsync().WithTimeout();

        await page.GotoAsync("/").WithTimeout();
        await page.GetByLabel("Title").FillAsync("Python screen").WithTimeout();
        await page.GetByLabel("Language").SelectOptionAsync("python").WithTimeout();
        await page.StartInterviewAsync();
        await page.JoinAsAsync("Ada");
        await Assertions.Expect(page.GetByText("Interviewer", new() { Exact = true })).ToBeVisibleAsync().WithTimeout();
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Language" })).ToHaveValueAsync("python").WithTimeout();
        await Assertions.Expect(page.Locator(HighlightedToken).First).ToBeVisibleAsync().WithTimeout();

        await page.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync().WithTimeout();
        var link = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()").WithTimeout();
        Assert.Matches("/s/[A-Za-z0-9_-]{22}$", link);
        Assert.DoesNotContain("key", link);

        await using var candidate = await browser.NewParticipantAsync(app.GatewayUrl);
        var candidatePage = await candidate.NewPageAsync().WithTimeout();
        await candidatePage.GotoAsync(link).WithTimeout();
        await candidatePage.JoinAsAsync("Grace");

        await Assertions.Expect(candidatePage.GetByRole(AriaRole.Heading, new() { Name = "Python screen" })).ToBeVisibleAsync().WithTimeout();
        await Assertions.Expect(candidatePage.GetByText("Candidate", new() { Exact = true })).ToBeVisibleAsync().WithTimeout();
        await Assertions.Expect(candidatePage.Locator(HighlightedToken).First).ToBeVisibleAsync().WithTimeout();
        await Assertions.Expect(candidatePage.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("data-status", "connected").WithTimeout();
    }

    [Fact]
    public async Task AnUnknownSessionLinkShowsAFriendlyNotFoundPage()
    {
        await using var visitor = await browser.NewParticipantAsync(app.GatewayUrl);
        var page = await visitor.NewPageAsync().WithTimeout();

        await page.GotoAsync("/s/AAAAAAAAAAAAAAAAAAAAAA").WithTimeout();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Interview not found" })).ToBeVisibleAsync().WithTimeout();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Go to the home page" })).ToBeVisibleAsync().WithTimeout();
    }
}
