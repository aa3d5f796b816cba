using System.Net.Http.Json;
using System.Text.Json;

namespace Interview.Tests.Infrastructure;

/// <summary>Creates sessions through the public API, as the web client does.</summary>
public static class Sessions
{
    public sealed record Created(string Id, string JoinUrl, string InterviewerUrl)
    {
        /// <summary>The interviewer key, from the interviewer link's fragment.</summary>
        public string Key => new Uri(InterviewerUrl).Fragment["#key=".Length..];
    }

    public static async Task<Created> CreateAsync(this HttpClient gateway, string title = "Test", string language = "javascript", string? questionId = null)
    {
        var response = await gateway.PostAsJsonAsync("/api/sessions", new { title, language, questionId }).WithTimeout();
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().WithTimeout();
        return new(body.GetProperty("id").GetString()!, body.GetProperty("joinUrl").GetString()!, body.GetProperty("interviewerUrl").GetString()!);
    }
}

/// <summary>The interviewer's HTTP calls (docs/protocol.md, "interviewer controls"), with the key in its header.</summary>
public static class Interviewer
{
    public const string KeyHeader = "X-Interviewer-Key";

    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null) request.Headers.Add(KeyHeader, key);
        return request;
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient gateway, HttpMethod method, string path, string? key, object? body = null)
    {
        using var request = Request(method, path, key, body);
        return await gateway.SendAsync(request).WithTimeout();
    }

    /// <summary>Sends the call and returns the session state it answers, failing on any other status.</summary>
    public static async Task<Interview.SessionApi.Interviewing.SessionState> ControlAsync(this HttpClient gateway, Sessions.Created session, string call, object? body = null)
    {
        var (method, path) = call switch
        {
            "controls" => (HttpMethod.Patch, $"/api/sessions/{session.Id}/controls"),
            "timer" => (HttpMethod.Post, $"/api/sessions/{session.Id}/timer"),
            "end" => (HttpMethod.Post, $"/api/sessions/{session.Id}/end"),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "controls, timer or end"),
        };
        using var response = await gateway.SendAsync(method, path, session.Key, body);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Interview.SessionApi.Interviewing.SessionState>(JsonSerializerOptions.Web).WithTimeout())!;
    }
}
