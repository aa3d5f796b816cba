using System.Runtime.Serialization;

namespace Interview.SessionApi.Questions;

/// <summary>A question of the built-in library (one folder of <c>questions/</c>); also the body of <c>GET /api/questions/{id}</c>.</summary>
public sealed record Question(
    string Id,
    string Title,
    string Difficulty,
    string Summary,
    string Prompt,
    IReadOnlyDictionary<string, string> Starter,
    IReadOnlyList<QuestionExample> Examples)
{
    public QuestionSummaryDto ToSummary() => new(Id, Title, Difficulty, Summary, [.. Starter.Keys.Order(StringComparer.Ordinal)]);

    /// <summary>What everyone in a session sees of the question (no starter code: the editor already has it).</summary>
    public ShownQuestion ToShown() => new(Id, Title, Difficulty, Prompt, Examples);
}

/// <summary>An example of a question; shown as text. The data-contract names keep MessagePack camelCase too.</summary>
[DataContract]
public sealed record QuestionExample(
    [property: DataMember(Name = "input")] string Input,
    [property: DataMember(Name = "output")] string Output,
    [property: DataMember(Name = "explanation")] string? Explanation);

/// <summary>An item of <c>GET /api/questions</c>.</summary>
public sealed record QuestionSummaryDto(string Id, string Title, string Difficulty, string Summary, IReadOnlyList<string> Languages);

/// <summary>The question in the session state (docs/protocol.md, "Session state").</summary>
[DataContract]
public sealed record ShownQuestion(
    [property: DataMember(Name = "id")] string Id,
    [property: DataMember(Name = "title")] string Title,
    [property: DataMember(Name = "difficulty")] string Difficulty,
    [property: DataMember(Name = "prompt")] string Prompt,
    [property: DataMember(Name = "examples")] IReadOnlyList<QuestionExample> Examples);
