using Interview.SessionApi.Interviewing;
using Interview.SessionApi.Questions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Interview.SessionApi.Sessions;

/// <summary>The HTTP handlers of <c>/api/sessions</c>.</summary>
public static class SessionEndpoints
{
    public const int MaxTitleLength = 120;
    private const string DefaultTitle = "Interview";

    public static async Task<Results<Created<CreatedSessionDto>, ValidationProblem>> Create(
        CreateSessionRequest? request, SessionStore store, InterviewStore interviews, QuestionLibrary questions,
        IOptions<SessionOptions> options, HttpContext http)
    {
        var title = request?.Title?.Trim() is { Length: > 0 } t ? t : DefaultTitle;
        var language = request?.Language ?? Languages.Default;

        var errors = new Dictionary<string, string[]>();
        if (title.Length > MaxTitleLength)
            errors["title"] = [$"The title can be at most {MaxTitleLength} characters."];
        else if (title.Any(char.IsControl))
            errors["title"] = ["The title cannot contain control characters."];
        if (!Languages.IsKnown(language))
            errors["language"] = [$"Unknown language '{Truncate(language)}'. Use one of: {string.Join(", ", Languages.All)}."];
        if (request?.QuestionId is { } questionId && questions.Find(questionId) is null)
            errors["questionId"] = ["There is no question with this id in the library."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var key = Secrets.NewInterviewerKey();
        var (session, expiresAt) = await store.CreateAsync(title, language, Secrets.HashKey(key));
        await interviews.InitializeAsync(session.Id, request?.QuestionId);
        var joinUrl = JoinUrl(session.Id, options.Value, http.Request);
        var body = new CreatedSessionDto(
            session.Id, session.Title, session.Language, joinUrl,
            // The key rides in the fragment: browsers never send fragments to servers or in Referer.
            InterviewerUrl: $"{joinUrl}#key={key}",
            session.CreatedAt, expiresAt);
        return TypedResults.Created($"/api/sessions/{session.Id}", body);
    }

    public static async Task<Results<Ok<SessionDto>, ProblemHttpResult>> Get(
        string id, SessionStore store, InterviewStore interviews, IOptions<SessionOptions> options, HttpContext http)
    {
        if (await store.FindAsync(id) is not var (session, expiresAt)) return SessionProblems.NotFound();
        return TypedResults.Ok(new SessionDto(
            session.Id, session.Title, session.Language, JoinUrl(session.Id, options.Value, http.Request),
            session.CreatedAt, expiresAt, await interviews.ReadStateAsync(session.Id)));
    }

    private static string JoinUrl(string id, SessionOptions options, HttpRequest request)
    {
        var origin = string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}"
            : options.PublicBaseUrl.TrimEnd('/');
        return $"{origin}/s/{id}";
    }

    private static string Truncate(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
