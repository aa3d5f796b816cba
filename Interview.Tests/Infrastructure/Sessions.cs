using System.Net.Http.Json;
using System.Text.Json;

namespace Interview.Tests.Infrastructure;

/// <summary>Creates sessions through the public API, as the web client does.</summary>
public static class Sessions
{
    public sealed record Created(string Id, string JoinUrl, string InterviewerUrl);

    public static async Task<Created> CreateAsync(this HttpClient gateway, string title = "Test", string language = "javascript")
    {
        var response = await gateway.PostAsJsonAsync("/api/sessions", new { title, language }).WithTimeout();
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().WithTimeout();
        return new(body.GetProperty("id").GetString()!, body.GetProperty("joinUrl").GetString()!, body.GetProperty("interviewerUrl").GetString()!);
    }
}
