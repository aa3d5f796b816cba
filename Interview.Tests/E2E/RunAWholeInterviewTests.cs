using System.Text.Json;
using Interview.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Interview.Tests.E2E;

/// <summary>
/// Issue #8 end to end in two browsers: the interviewer runs the interview (question, timer, run permission,
/// notes, the end) while a candidate takes part; afterwards the review replays and exports exactly what happened.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RunAWholeInterviewTests(AppFixture app, BrowserFixture browser)
{
    private const string Notes = "Clear about edge cases; suggested a stack.";

    [Fact]
    public async Task AnInterviewerRunsAWholeInterviewAndTheReviewReplaysAndExportsIt()
    {
        // The interviewer starts from the home page with a question picked.
        await using var interviewerContext = await browser.NewParticipantAsync(app.GatewayUrl);
        var ada = await interviewerContext.NewPageAsync().WithTimeout();
        await ada.GotoAsync("/").WithTimeout();
        await ada.GetByLabel("Title").FillAsync("Whole interview").WithTimeout();
        await ada.GetByLabel("Language").SelectOptionAsync("python").WithTimeout();
        await ada.GetByLabel("Question").SelectOptionAsync("two-sum").WithTimeout();
        await ada.StartInterviewAsync();
        await ada.JoinAsAsync("Ada");
        await Assertions.Expect(ada.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("data-status", "connected").WithTimeout();
        await Assertions.Expect(ada.Locator(".view-lines")).ToContainTextAsync("def two_sum").WithTimeout();

        await using var candidateContext = await browser.NewParticipantAsync(app.GatewayUrl);
        var grace = await candidateContext.OpenSessionAsync(ada.Url, "Grace");
        var question = grace.GetByRole(AriaRole.Region, new() { Name = "Question", Exact = true });
        await Assertions.Expect(question).ToContainTextAsync("Two Sum").WithTimeout();
        await Assertions.Expect(grace.GetByText("Candidate", new() { Exact = true })).ToBeVisibleAsync().WithTimeout();
        await Assertions.Expect(grace.GetByRole(AriaRole.Region, new() { Name = "Interviewer controls" })).ToHaveCountAsync(0).WithTimeout();
        await Assertions.Expect(grace.GetByRole(AriaRole.Textbox, new() { Name = "Private notes" })).ToHaveCountAsync(0).WithTimeout();

        // Another question from the library: everyone reads its prompt, its starter code is loaded.
        await ada.GetByLabel("Question library").SelectOptionAsync("valid-parentheses").WithTimeout();
        await ada.GetByRole(AriaRole.Button, new() { Name = "Load question" }).ClickAsync().WithTimeout();
        await Assertions.Expect(question).ToContainTextAsync("Valid Parentheses").WithTimeout();
        await Assertions.Expect(question).ToContainTextAsync("made only of the characters").WithTimeout();
        await Assertions.Expect(grace.Locator(".view-lines")).ToContainTextAsync("def is_valid").WithTimeout();

        // The timer counts down for the candidate too.
        await ada.GetByRole(AriaRole.Button, new() { Name = "Start timer" }).ClickAsync().WithTimeout();
        var timer = grace.GetByRole(AriaRole.Timer, new() { Name = "Time left" });
        await Assertions.Expect(grace.Locator(".timer")).ToHaveAttributeAsync("data-phase", "running").WithTimeout();
        var shown = await timer.TextContentAsync().WithTimeout();
        await Assertions.Expect(timer).Not.ToHaveTextAsync(shown!).WithTimeout();
        Assert.Matches(@"^4\d:\d\d$", await timer.TextContentAsync().WithTimeout());

        // The candidate writes the solution.
        const string solution = "def is_valid(s: str) -> bool:\n    stack = []\n    for ch in s:\n        if ch in '([{':\n            stack.append(ch)\n        elif not stack or '([{'[')]}'.index(ch)] != stack.pop():\n            return False\n    return not stack\n\n\nprint(is_valid('()[]{}'))\n";
        await grace.ReplaceCodeAsync(solution);
        await grace.TypeAtAsync("Control+End", "# done");
        const string finalCode = solution + "# done";
        await Assertions.Expect(ada.Locator(".view-lines")).ToContainTextAsync("# done").WithTimeout();

        // The interviewer stops candidates from running code.
        var run = grace.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true });
        await Assertions.Expect(run).ToBeEnabledAsync().WithTimeout();
        await ada.GetByRole(AriaRole.Switch, new() { Name = "Candidates may run code" }).ClickAsync().WithTimeout();
        await Assertions.Expect(run).ToBeDisabledAsync().WithTimeout();
        await Assertions.Expect(grace.GetByText("The interviewer has turned off running code for now.")).ToBeVisibleAsync().WithTimeout();

        // Private notes save themselves.
        await ada.GetByRole(AriaRole.Textbox, new() { Name = "Private notes" }).FillAsync(Notes).WithTimeout();
        await Assertions.Expect(ada.Locator("[data-notes-status]")).ToHaveAttributeAsync("data-notes-status", "saved").WithTimeout();

        // The end: confirmed, then the candidate's editor is read-only with a banner.
        await Assertions.Expect(ada.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("data-unsynced", "false").WithTimeout();
        await ada.GetByRole(AriaRole.Button, new() { Name = "End interview" }).ClickAsync().WithTimeout();
        await ada.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "End interview" }).ClickAsync().WithTimeout();
        await Assertions.Expect(grace.GetByRole(AriaRole.Alert, new() { Name = "Interview ended" })).ToContainTextAsync("This interview has ended").WithTimeout();
        await Assertions.Expect(grace.Locator(".code-editor")).ToHaveAttributeAsync("data-readonly", "true").WithTimeout();
        await grace.TypeAtAsync("Control+End", "zzz");
        await Assertions.Expect(grace.Locator(".view-lines")).Not.ToContainTextAsync("zzz").WithTimeout();
        await Assertions.Expect(grace.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("data-unsynced", "false").WithTimeout();

        // The review: playback to the end reproduces the final code exactly.
        await ada.GetByRole(AriaRole.Link, new() { Name = "Open the review" }).ClickAsync().WithTimeout();
        var playback = ada.GetByRole(AriaRole.Region, new() { Name = "Playback" });
        await ada.GetByLabel("Playback speed").SelectOptionAsync("16").WithTimeout();
        await ada.GetByLabel("Playback position").FillAsync("0").WithTimeout();
        var code = playback.Locator("[data-playback-code]");
        await Assertions.Expect(code).Not.ToHaveJSPropertyAsync("textContent", finalCode).WithTimeout();
        await playback.GetByRole(AriaRole.Button, new() { Name = "Play" }).ClickAsync().WithTimeout();
        await Assertions.Expect(playback.Locator("[data-playback-at-end]")).ToHaveAttributeAsync("data-playback-at-end", "true", new() { Timeout = 60_000 }).WithTimeout(TimeSpan.FromMinutes(1));
        await Assertions.Expect(code).ToHaveJSPropertyAsync("textContent", finalCode).WithTimeout();
        await Assertions.Expect(playback.GetByRole(AriaRole.List, new() { Name = "Authors" })).ToContainTextAsync("Grace").WithTimeout();

        // Export: the code with the language's extension, the reports with the notes.
        var codeFile = await ada.RunAndWaitForDownloadAsync(() => ada.GetByRole(AriaRole.Button, new() { Name = "Download code" }).ClickAsync()).WithTimeout();
        Assert.Equal("whole-interview.py", codeFile.SuggestedFilename);
        Assert.Equal(finalCode, await File.ReadAllTextAsync((await codeFile.PathAsync().WithTimeout())!).WithTimeout());

        var json = await ada.RunAndWaitForDownloadAsync(() => ada.GetByRole(AriaRole.Button, new() { Name = "Download report (JSON)" }).ClickAsync()).WithTimeout();
        Assert.Equal("whole-interview-report.json", json.SuggestedFilename);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync((await json.PathAsync().WithTimeout())!).WithTimeout());
        Assert.Equal(finalCode, report.RootElement.GetProperty("finalCode").GetString());
        Assert.Equal(Notes, report.RootElement.GetProperty("notes").GetString());
        Assert.Contains("Grace", report.RootElement.GetProperty("participants").EnumerateArray().Select(p => p.GetString()));

        var markdown = await ada.RunAndWaitForDownloadAsync(() => ada.GetByRole(AriaRole.Button, new() { Name = "Download report (Markdown)" }).ClickAsync()).WithTimeout();
        Assert.Equal("whole-interview-report.md", markdown.SuggestedFilename);
        var text = await File.ReadAllTextAsync((await markdown.PathAsync().WithTimeout())!).WithTimeout();
        Assert.Contains(Notes, text);
        Assert.Contains("# done", text);
    }

    [Fact]
    public async Task TheInterviewerLocksTheSessionAndRemovesACandidate()
    {
        var session = await app.Gateway.CreateAsync("Lock and remove", "javascript");
        await using var interviewerContext = await browser.NewParticipantAsync(app.GatewayUrl);
        await using var candidateContext = await browser.NewParticipantAsync(app.GatewayUrl);
        await using var latecomerContext = await browser.NewParticipantAsync(app.GatewayUrl);
        var ada = await interviewerContext.OpenSessionAsync(session.InterviewerUrl, "Ada");
        var grace = await candidateContext.OpenSessionAsync(session.JoinUrl, "Grace");

        await ada.GetByRole(AriaRole.Switch, new() { Name = "Lock session" }).ClickAsync().WithTimeout();
        await Assertions.Expect(ada.GetByRole(AriaRole.Switch, new() { Name = "Lock session" })).ToBeCheckedAsync().WithTimeout();
        var latecomer = await latecomerContext.NewPageAsync().WithTimeout();
        await latecomer.GotoAsync(session.JoinUrl).WithTimeout();
        await latecomer.JoinAsAsync("Linus");
        await Assertions.Expect(latecomer.GetByRole(AriaRole.Heading, new() { Name = "This interview is locked" })).ToBeVisibleAsync().WithTimeout();

        // Grace joined before the lock: a reload brings her back.
        await grace.ReloadAsync().WithTimeout();
        await Assertions.Expect(grace.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("data-status", "connected").WithTimeout();

        // Her presence from before the reload has left the list (else there would be two "Remove Grace").
        await Assertions.Expect(ada.GetByRole(AriaRole.List, new() { Name = "Participants" }).GetByText("Grace")).ToHaveCountAsync(1).WithTimeout();
        await ada.GetByRole(AriaRole.Button, new() { Name = "Remove Grace" }).ClickAsync().WithTimeout();
        await Assertions.Expect(grace.GetByRole(AriaRole.Heading, new() { Name = "You were removed from this interview" })).ToBeVisibleAsync().WithTimeout();
        await Assertions.Expect(ada.GetByRole(AriaRole.List, new() { Name = "Participants" }).GetByText("Grace")).ToHaveCountAsync(0).WithTimeout();
        await grace.ReloadAsync().WithTimeout();
        await Assertions.Expect(grace.GetByRole(AriaRole.Heading, new() { Name = "You were removed from this interview" })).ToBeVisibleAsync().WithTimeout();
    }
}
