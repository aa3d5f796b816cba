using System.Text.Json;
using System.Text.RegularExpressions;
using Interview.SessionApi.Sessions;

namespace Interview.SessionApi.Questions;

/// <summary>
/// The built-in questions, read once from the files embedded at build time (<c>questions/{id}/…</c>, see
/// questions/README.md) and validated then: a broken question stops the service at start with a message
/// naming the file, instead of failing for one visitor later.
/// </summary>
public sealed partial class QuestionLibrary
{
    public const string ResourcePrefix = "questions/";
    private static readonly string[] Difficulties = ["easy", "medium", "hard"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, Question> byId;

    public QuestionLibrary(IEnumerable<Question> questions)
    {
        All = [.. questions.OrderBy(q => Array.IndexOf(Difficulties, q.Difficulty)).ThenBy(q => q.Title, StringComparer.Ordinal)];
        byId = All.ToDictionary(q => q.Id, StringComparer.Ordinal);
    }

    /// <summary>Easy first, then by title.</summary>
    public IReadOnlyList<Question> All { get; }

    public Question? Find(string? id) => id is not null && byId.TryGetValue(id, out var question) ? question : null;

    /// <summary>The library compiled into this assembly.</summary>
    public static QuestionLibrary LoadEmbedded()
    {
        var assembly = typeof(QuestionLibrary).Assembly;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            files[name[ResourcePrefix.Length..]] = reader.ReadToEnd();
        }
        return Parse(files);
    }

    /// <summary>Builds the library from files keyed <c>{id}/question.json</c>, <c>{id}/prompt.md</c>, <c>{id}/starter/{language}.{ext}</c>.</summary>
    public static QuestionLibrary Parse(IReadOnlyDictionary<string, string> files)
    {
        var questions = files.Keys.GroupBy(path => path.Split('/')[0], StringComparer.Ordinal)
            .Select(folder => ParseOne(folder.Key, files))
            .ToList();
        if (questions.Count == 0) throw Invalid("questions", "no questions are embedded (is the questions/ folder missing from the build?)");
        return new QuestionLibrary(questions);
    }

    private static Question ParseOne(string id, IReadOnlyDictionary<string, string> files)
    {
        if (!IdPattern().IsMatch(id)) throw Invalid(id, "the folder name must be lowercase letters, digits and dashes");
        var metadata = ReadMetadata(id, files.GetValueOrDefault($"{id}/question.json"));
        var prompt = files.GetValueOrDefault($"{id}/prompt.md");
        if (string.IsNullOrWhiteSpace(prompt)) throw Invalid(id, "prompt.md is missing or empty");

        var starter = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in files.Where(f => f.Key.StartsWith($"{id}/starter/", StringComparison.Ordinal)))
        {
            var language = Path.GetFileNameWithoutExtension(path);
            if (!Languages.IsKnown(language)) throw Invalid(id, $"{path}: '{language}' is not a language id ({string.Join(", ", Languages.All)})");
            starter[language] = text.ReplaceLineEndings("\n");
        }
        if (starter.Count == 0) throw Invalid(id, "there is no starter/{language}.{ext} file");

        return new Question(id, metadata.Title!.Trim(), metadata.Difficulty!, metadata.Summary!.Trim(), prompt.ReplaceLineEndings("\n"), starter,
            [.. metadata.Examples!.Select(e => new QuestionExample(e!.Input!, e.Output!, e.Explanation))]);
    }

    private static QuestionFile ReadMetadata(string id, string? json)
    {
        if (json is null) throw Invalid(id, "question.json is missing");
        QuestionFile? file;
        try
        {
            file = JsonSerializer.Deserialize<QuestionFile>(json, Json);
        }
        catch (JsonException e)
        {
            throw Invalid(id, $"question.json is not valid: {e.Message}");
        }
        if (file is null) throw Invalid(id, "question.json is empty");
        if (string.IsNullOrWhiteSpace(file.Title)) throw Invalid(id, "question.json needs a title");
        if (string.IsNullOrWhiteSpace(file.Summary)) throw Invalid(id, "question.json needs a summary");
        if (!Difficulties.Contains(file.Difficulty)) throw Invalid(id, $"question.json: difficulty must be one of {string.Join(", ", Difficulties)}");
        if (file.Examples is null || file.Examples.Any(e => e is null || e.Input is null || e.Output is null))
            throw Invalid(id, "question.json: examples must be a list of { input, output, explanation? } strings");
        return file;
    }

    private static InvalidOperationException Invalid(string id, string problem) => new($"Question '{id}' in the question library: {problem}.");

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    private sealed record QuestionFile(string? Title, string? Difficulty, string? Summary, List<ExampleFile?>? Examples);

    private sealed record ExampleFile(string? Input, string? Output, string? Explanation);
}
