using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interview.Tests.Infrastructure;

namespace Interview.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class QuestionsApiTests(AppFixture app)
{
    [Fact]
    public async Task TheLibraryListsEveryQuestionWithItsDifficultyAndLanguages()
    {
        var list = await app.Gateway.GetFromJsonAsync<JsonElement[]>("/api/questions").WithTimeout();

        var ids = list!.Select(q => q.GetProperty("id").GetString()).ToList();
        Assert.Equal(Directory.GetDirectories(Path.Combine(RepoPaths.Root, "questions")).Select(Path.GetFileName).Order(), ids.Order());
        Assert.All(list!, q =>
        {
            Assert.Contains(q.GetProperty("difficulty").GetString(), new[] { "easy", "medium", "hard" });
            Assert.False(string.IsNullOrWhiteSpace(q.GetProperty("summary").GetString()));
            Assert.Contains("python", q.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
            Assert.False(q.TryGetProperty("prompt", out _), "the list is for the picker: no prompts");
        });
    }

    [Fact]
    public async Task AQuestionHasItsPromptStarterCodeAndExamples()
    {
        var question = await app.Gateway.GetFromJsonAsync<JsonElement>("/api/questions/two-sum").WithTimeout();

        Assert.Equal("Two Sum", question.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(question.GetProperty("prompt").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(question.GetProperty("starter").GetProperty("javascript").GetString()));
        Assert.Equal("[0, 1]", question.GetProperty("examples")[0].GetProperty("output").GetString());
    }

    [Theory]
    [InlineData("no-such-question")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("TWO-SUM")]
    public async Task AnUnknownQuestionIsA404Problem(string id)
    {
        using var response = await app.Gateway.GetAsync($"/api/questions/{id}").WithTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Question not found", (await response.Content.ReadFromJsonAsync<JsonElement>().WithTimeout()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task ASessionStartsWithItsQuestionShownToEveryone()
    {
        var session = await app.Gateway.CreateAsync(questionId: "lru-cache");

        var body = await app.Gateway.GetFromJsonAsync<JsonElement>($"/api/sessions/{session.Id}").WithTimeout();

        var state = body.GetProperty("state");
        Assert.Equal("lru-cache", state.GetProperty("question").GetProperty("id").GetString());
        Assert.False(string.IsNullOrWhiteSpace(state.GetProperty("question").GetProperty("prompt").GetString()));
        Assert.False(state.GetProperty("locked").GetBoolean());
        Assert.False(state.GetProperty("ended").GetBoolean());
        Assert.Equal(JsonValueKind.Null, state.GetProperty("endedAt").ValueKind);
        Assert.True(state.GetProperty("candidatesMayRun").GetBoolean());
        Assert.Equal(45 * 60_000, state.GetProperty("timer").GetProperty("durationMs").GetInt64());
        Assert.False(state.GetProperty("timer").GetProperty("running").GetBoolean());
        Assert.InRange(state.GetProperty("serverTime").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task CreatingASessionWithAnUnknownQuestionIsAValidationProblem()
    {
        using var response = await app.Gateway.PostAsJsonAsync("/api/sessions", new { questionId = "no-such-question" }).WithTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>().WithTimeout();
        Assert.True(problem.GetProperty("errors").TryGetProperty("questionId", out _));
    }
}
