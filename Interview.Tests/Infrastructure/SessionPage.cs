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
