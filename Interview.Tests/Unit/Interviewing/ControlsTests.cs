using System.Text.Json;
using Interview.SessionApi.Interviewing;
using Interview.SessionApi.Questions;

namespace Interview.Tests.Unit.Interviewing;

public sealed class ControlsTests
{
    private const long Minute = 60_000;
    private static readonly QuestionLibrary Questions = QuestionLibrary.LoadEmbedded();

    [Fact]
    public void ANewTimerShowsFortyFiveMinutesAndDoesNotRun()
    {
        var timer = InterviewTimer.Initial(1_000);

        Assert.Equal(45 * Minute, timer.DurationMs);
        Assert.Equal(45 * Minute, timer.RemainingAt(1_000 + 10 * Minute));
        Assert.False(timer.Running);
    }

    [Fact]
    public void ARunningTimerFallsFromWhenItStartedAndPausingKeepsWhatIsLeft()
    {
        var started = InterviewTimer.Initial(0).Start(1_000);
        var paused = started.Pause(1_000 + 5 * Minute);

        Assert.Equal(40 * Minute, started.RemainingAt(1_000 + 5 * Minute));
        Assert.Equal(new InterviewTimer(45 * Minute, 40 * Minute, false, 1_000 + 5 * Minute), paused);
        Assert.Equal(40 * Minute, paused.RemainingAt(1_000 + 50 * Minute));

        var resumed = paused.Start(1_000 + 50 * Minute);
        Assert.Equal(39 * Minute, resumed.RemainingAt(1_000 + 51 * Minute));
    }

    [Fact]
    public void ATimerStopsAtZeroAndAClockGoingBackCostsNoTime()
    {
        var started = InterviewTimer.Initial(0).Reset(Minute, 0).Start(10_000);

        Assert.Equal(0, started.RemainingAt(10_000 + 2 * Minute));
        Assert.Equal(Minute, started.RemainingAt(5_000));
    }

    [Fact]
    public void ResetStopsTheTimerAtTheNewOrTheCurrentDuration()
    {
        var running = InterviewTimer.Initial(0).Start(0);

        Assert.Equal(new InterviewTimer(30 * Minute, 30 * Minute, false, 5_000), running.Reset(30 * Minute, 5_000));
        Assert.Equal(new InterviewTimer(45 * Minute, 45 * Minute, false, 5_000), running.Reset(null, 5_000));
    }

    [Theory]
    [InlineData("start", null, true)]
    [InlineData("pause", null, true)]
    [InlineData("reset", 60_000L, true)]
    [InlineData("reset", 14_400_000L, true)]
    [InlineData("reset", 59_999L, false)]
    [InlineData("reset", 14_400_001L, false)]
    [InlineData("stop", null, false)]
    [InlineData(null, null, false)]
    public void TimerRequestsAreValidatedByActionAndDuration(string? action, long? durationMs, bool valid)
    {
        Assert.Equal(valid, new TimerRequest(action, durationMs).Validate().Count == 0);
    }

    [Fact]
    public void NotesAreRequiredAndAtMostAHundredThousandCharacters()
    {
        Assert.Empty(new NotesRequest("").Validate());
        Assert.Empty(new NotesRequest(new string('n', 100_000)).Validate());
        Assert.Contains("text", new NotesRequest(new string('n', 100_001)).Validate().Keys);
        Assert.Contains("text", new NotesRequest(null).Validate().Keys);
    }

    [Fact]
    public void APatchChangesOnlyTheFieldsItNamesAndNullHidesTheQuestion()
    {
        var controls = new Controls(false, true, "two-sum", InterviewTimer.Initial(0));

        Assert.Equal(controls with { Locked = true }, Patch("""{"locked":true}""").ApplyTo(controls));
        Assert.Equal(controls with { QuestionId = null }, Patch("""{"questionId":null}""").ApplyTo(controls));
        Assert.Equal(controls with { CandidatesMayRun = false, QuestionId = "lru-cache" },
            Patch("""{"candidatesMayRun":false,"questionId":"lru-cache"}""").ApplyTo(controls));
        Assert.Equal(controls, Patch("{}").ApplyTo(controls));
    }

    [Theory]
    [InlineData("""{"locked":"yes"}""", "locked")]
    [InlineData("""{"candidatesMayRun":1}""", "candidatesMayRun")]
    [InlineData("""{"questionId":"no-such-question"}""", "questionId")]
    [InlineData("""{"questionId":42}""", "questionId")]
    [InlineData("[]", "body")]
    [InlineData("null", "body")]
    public void APatchOfTheWrongShapeNamesTheField(string json, string field)
    {
        var (patch, errors) = ControlsPatch.Parse(JsonDocument.Parse(json).RootElement, Questions);

        Assert.Null(patch);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void TheStateShowsTheQuestionWithoutStarterCodeAndTheEnd()
    {
        var state = SessionState.Of(new Controls(true, false, "two-sum", InterviewTimer.Initial(0)), endedAt: 1234, Questions, nowMs: 2000);

        Assert.True(state.Ended);
        Assert.Equal(1234, state.EndedAt);
        Assert.Equal("two-sum", state.Question?.Id);
        Assert.Equal(2000, state.ServerTime);
        Assert.DoesNotContain("starter", JsonSerializer.Serialize(state), StringComparison.OrdinalIgnoreCase);
    }

    private static ControlsPatch Patch(string json) => ControlsPatch.Parse(JsonDocument.Parse(json).RootElement, Questions).Patch!;
}
