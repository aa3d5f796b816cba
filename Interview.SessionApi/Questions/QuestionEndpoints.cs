using Microsoft.AspNetCore.Http.HttpResults;

namespace Interview.SessionApi.Questions;

/// <summary>The HTTP handlers of <c>/api/questions</c>: the built-in library, readable by anyone.</summary>
public static class QuestionEndpoints
{
    public static Ok<QuestionSummaryDto[]> List(QuestionLibrary library) =>
        TypedResults.Ok(library.All.Select(q => q.ToSummary()).ToArray());

    public static Results<Ok<Question>, ProblemHttpResult> Get(string id, QuestionLibrary library) =>
        library.Find(id) is { } question
            ? TypedResults.Ok(question)
            : TypedResults.Problem(
                title: "Question not found",
                detail: "There is no question with this id in the library.",
                statusCode: StatusCodes.Status404NotFound);

    /// <summary>Maps <c>GET /api/questions</c> and <c>GET /api/questions/{id}</c>.</summary>
    public static WebApplication MapQuestions(this WebApplication app)
    {
        var questions = app.MapGroup("/api/questions").WithTags("Questions");
        questions.MapGet("/", List).WithName("ListQuestions");
        questions.MapGet("/{id}", Get).WithName("GetQuestion");
        return app;
    }
}
