using Interview.SessionApi.Questions;
using Interview.Tests.Infrastructure;

namespace Interview.Tests.Unit.Interviewing;

public sealed class QuestionLibraryTests
{
    private static readonly QuestionLibrary Embedded = QuestionLibrary.LoadEmbedded();

    private static string[] Folders =>
        [.. Directory.GetDirectories(Path.Combine(RepoPaths.Root, "questions")).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> QuestionFolders() => [.. Folders];

    [Theory]
    [MemberData(nameof(QuestionFolders))]
    public void EveryQuestionInTheFolderLoadsWithAPromptAndPythonAndJavaScriptStarterCode(string folder)
    {
        var question = Embedded.Find(folder);

        Assert.NotNull(question);
        Assert.False(string.IsNullOrWhiteSpace(question.Title));
        Assert.Contains(question.Difficulty, new[] { "easy", "medium", "hard" });
        Assert.False(string.IsNullOrWhiteSpace(question.Prompt));
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "questions", folder, "prompt.md")).ReplaceLineEndings("\n"), question.Prompt);
        Assert.False(string.IsNullOrWhiteSpace(question.Starter["python"]));
        Assert.False(string.IsNullOrWhiteSpace(question.Starter["javascript"]));
        Assert.NotEmpty(question.Examples);
    }

    [Fact]
    public void TheEmbeddedLibraryHoldsExactlyTheFoldersOfTheRepository()
    {
        Assert.Equal(Folders, Embedded.All.Select(q => q.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Bad_Id/question.json", "folder name")]
    [InlineData("q/question.json", "difficulty", """{"title":"T","difficulty":"trivial","summary":"S","examples":[]}""")]
    [InlineData("q/question.json", "title", """{"difficulty":"easy","summary":"S","examples":[]}""")]
    [InlineData("q/question.json", "not valid", """{"title":""")]
    [InlineData("q/question.json", "examples", """{"title":"T","difficulty":"easy","summary":"S","examples":[{"input":"1"}]}""")]
    [InlineData("q/prompt.md", "question.json is missing")]
    public void BrokenQuestionDataStopsTheLoadWithAMessageNamingTheQuestion(string path, string problem, string? json = null)
    {
        var files = new Dictionary<string, string>
        {
            [path] = json ?? "x",
            ["q/prompt.md"] = "Do it.",
            ["q/starter/python.py"] = "pass",
        };
        if (path.StartsWith("Bad_Id", StringComparison.Ordinal)) files.Remove("q/prompt.md");
        if (path.StartsWith("Bad_Id", StringComparison.Ordinal)) files.Remove("q/starter/python.py");

        var error = Assert.Throws<InvalidOperationException>(() => QuestionLibrary.Parse(files));

        Assert.Contains(problem, error.Message);
        Assert.Contains("Question '", error.Message);
    }

    [Fact]
    public void AStarterFileForAnUnknownLanguageIsRefused()
    {
        var files = new Dictionary<string, string>
        {
            ["q/question.json"] = """{"title":"T","difficulty":"easy","summary":"S","examples":[]}""",
            ["q/prompt.md"] = "Do it.",
            ["q/starter/cobol.cob"] = "DISPLAY 'HI'.",
        };

        var error = Assert.Throws<InvalidOperationException>(() => QuestionLibrary.Parse(files));

        Assert.Contains("cobol", error.Message);
    }
}
