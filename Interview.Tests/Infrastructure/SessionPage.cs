using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Interview.Tests.Infrastructure;

/// <summary>What a participant does in a session page, as a person would.</summary>
public static class SessionPage
{
    /// <summary>Opens a session link in a new tab, enters the name and waits until the editor is connected.</summary>
    public static async Task<IPage> OpenSessionAsync(this IBrowserContext context, string url, string name)
    {
        var page = await context.NewPageAsync().WithTimeout();
        await page.GotoAsync(url).WithTimeout();
        await page.JoinAsAsync(name);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("data-status", "connected").WithTimeout();
        await Assertions.Expect(page.Locator(".view-lines .view-line").First).ToBeVisibleAsync().WithTimeout();
        return page;
    }

    /// <summary>
    /// Presses "Start an interview" on the filled-in home page and waits until the new session's page is open.
    /// The creation is awaited first, so a failure names the request and its answer rather than a missing page
    /// (twice in CI the page never moved, with no sign of why).
    /// </summary>
    public static async Task StartInterviewAsync(this IPage page)
    {
        var created = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Start an interview" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/api/sessions", StringComparison.Ordinal)).WithTimeout();
        if (created.Status != 201) Assert.Fail($"POST /api/sessions answered {created.Status}: {await created.TextAsync().WithTimeout()}");
        // The app moves in place (history.pushState); the assertion polls the URL instead of waiting for a navigation event.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/s/[A-Za-z0-9_-]{22}$")).WithTimeout();
    }

    public static async Task JoinAsAsync(this IPage page, string name)
    {
        await page.GetByLabel("Your name").FillAsync(name).WithTimeout();
        await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync().WithTimeout();
    }

    /// <summary>Types at the start (<c>Control+Home</c>) or end (<c>Control+End</c>) of the code.</summary>
    public static async Task TypeAtAsync(this IPage page, string position, string text)
    {
        await page.Locator(".monaco-editor .view-lines").ClickAsync().WithTimeout();
        await page.Keyboard.PressAsync(position).WithTimeout();
        await page.Keyboard.TypeAsync(text, new() { Delay = 15 }).WithTimeout();
    }

    /// <summary>Replaces the code by pasting (typing would trigger the editor's auto-indent and auto-close).</summary>
    public static async Task ReplaceCodeAsync(this IPage page, string code)
    {
        await page.EvaluateAsync("code => navigator.clipboard.writeText(code)", code).WithTimeout();
        await page.Locator(".monaco-editor .view-lines").ClickAsync().WithTimeout();
        await page.Keyboard.PressAsync("Control+A").WithTimeout();
        await page.Keyboard.PressAsync("Control+V").WithTimeout();
    }
}
