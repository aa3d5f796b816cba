using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Interview.Tests.Infrastructure;

namespace Interview.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class SessionApiTests(AppFixture fixture)
{
    private HttpClient Gateway => fixture.Gateway;

    [Fact]
    public async Task CreatingASessionReturns201WithLocationAndShareLinks()
    {
        var response = await Gateway.PostAsJsonAsync("/api/sessions", new { title = "Backend pairing", language = "python" }).WithTimeout();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().WithTimeout();
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/api/sessions/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Backend pairing", body.GetProperty("title").GetString());
        Assert.Equal("python", body.GetProperty("language").GetString());
        Assert.Equal(new Uri(fixture.GatewayUrl, $"/s/{id}").ToString(), body.GetProperty("joinUrl").GetString());

        var interviewerUrl = new Uri(body.GetProperty("interviewerUrl").GetString()!);
        Assert.Equal($"/s/{id}", interviewerUrl.AbsolutePath);
        Assert.Empty(interviewerUrl.Query);
        Assert.Matches("^#key=[A-Za-z0-9_-]{43}$", interviewerUrl.Fragment);

        var createdAt = body.GetProperty("createdAt").GetDateTimeOffset();
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - createdAt, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
    }

    [Fact]
    public async Task AnEmptyBodyCreatesADefaultJavaScriptSession()
    {
        var response = await Gateway.PostAsync("/api/sessions", null).WithTimeout();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().WithTimeout();
        Assert.Equal("javascript", body.GetProperty("language").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task SessionIdsAreFixedLengthUrlSafeAndCarry128RandomBits()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 8; i++)
        {
            var body = await CreateAsync().WithTimeout();
            ids.Add(body.GetProperty("id").GetString()!);
        }

        Assert.Equal(8, ids.Count);
        // 22 base64url characters = 132 bits of room for the 128 random bits.
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9_-]{22}$", id));
        // Random ids do not share prefixes the way counters or timestamps would.
        Assert.True(ids.Select(id => id[..4]).Distinct().Count() >= 7);
    }

    [Fact]
    public async Task GettingASessionShowsThePublicFieldsButNeverTheKey()
    {
        var created = await CreateAsync("Frontend round", "typescript").WithTimeout();
        var id = created.GetProperty("id").GetString();

        var response = await Gateway.GetAsync($"/api/sessions/{id}").WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync().WithTimeout();
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal("Frontend round", body.GetProperty("title").GetString());
        Assert.Equal("typescript", body.GetProperty("language").GetString());
        Assert.Equal(created.GetProperty("joinUrl").GetString(), body.GetProperty("joinUrl").GetString());
        Assert.False(body.TryGetProperty("interviewerUrl", out _));
        var key = created.GetProperty("interviewerUrl").GetString()!.Split("#key=")[1];
        Assert.DoesNotContain(key, text);
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")] // well-formed, unknown
    [InlineData("short")]
    [InlineData("not%20an%20id%3Cscript%3E")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA.json")]
    public async Task UnknownOrMalformedIdsAre404ProblemDetails(string id)
    {
        var response = await Gateway.GetAsync($"/api/sessions/{id}").WithTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertProblemAsync(response, 404);
    }

    [Theory]
    [InlineData("""{"title":"x","language":"cobol"}""", "language")]
    [InlineData("""{"language":42}""", null)]
    [InlineData("""{"title":""", null)]
    [InlineData("""[1,2,3]""", null)]
    [InlineData("""{"title":"a\u0007b"}""", "title")]
    public async Task BadBodiesAre400ProblemDetails(string json, string? field)
    {
        var response = await Gateway.PostAsync("/api/sessions", new StringContent(json, Encoding.UTF8, "application/json")).WithTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await AssertProblemAsync(response, 400);
        if (field is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
    }

    [Fact]
    public async Task ATitleLongerThan120CharactersIsRefused()
    {
        var response = await Gateway.PostAsJsonAsync("/api/sessions", new { title = new string('x', 121) }).WithTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await AssertProblemAsync(response, 400);
        Assert.Contains("120", problem.GetProperty("errors").GetProperty("title")[0].GetString());
    }

    [Fact]
    public async Task ANonJsonContentTypeIs415ProblemDetails()
    {
        var response = await Gateway.PostAsync("/api/sessions", new StringContent("title=x", Encoding.UTF8, "text/plain")).WithTimeout();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertProblemAsync(response, 415);
    }

    [Fact]
    public async Task CreatingTooManySessionsFromOneClientIs429WithRetryAfterWhileOthersGoOn()
    {
        // Straight to session-api as the gateway would call it, naming the client in X-Forwarded-For,
        // so this test has a client of its own and does not use up the other tests' allowance.
        using var api = new HttpClient { BaseAddress = fixture.App.GetEndpoint("session-api", "http"), Timeout = Timeouts.Default };
        var greedy = $"203.0.113.{Random.Shared.Next(1, 254)}";

        HttpResponseMessage? refused = null;
        for (var i = 0; i < 100 && refused is null; i++)
        {
            var response = await PostAsAsync(api, greedy).WithTimeout();
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
            else Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a wait in seconds");
        await AssertProblemAsync(refused, 429);
        var other = await PostAsAsync(api, "198.51.100.7").WithTimeout();
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsAsync(HttpClient api, string clientAddress)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new { title = "load" }) };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return api.SendAsync(request);
    }

    private async Task<JsonElement> CreateAsync(string title = "Test", string language = "javascript")
    {
        var response = await Gateway.PostAsJsonAsync("/api/sessions", new { title, language });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>().WithTimeout();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.DoesNotContain("   at ", problem.ToString()); // never a stack trace
        return problem;
    }
}
