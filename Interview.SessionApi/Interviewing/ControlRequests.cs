using System.Text.Json;
using Interview.SessionApi.Questions;

namespace Interview.SessionApi.Interviewing;

/// <summary>
/// Body of <c>PATCH …/controls</c>. Read from the raw JSON because a field left out ("keep it") differs from
/// <c>"questionId": null</c> ("hide the question").
/// </summary>
public sealed record ControlsPatch(bool? Locked, bool? CandidatesMayRun, bool SetsQuestion, string? QuestionId)
{
    public Controls ApplyTo(Controls controls) => controls with
    {
        Locked = Locked ?? controls.Locked,
        CandidatesMayRun = CandidatesMayRun ?? controls.CandidatesMayRun,
        QuestionId = SetsQuestion ? QuestionId : controls.QuestionId,
    };

    /// <summary>The patch, or the validation errors per field.</summary>
    public static (ControlsPatch? Patch, Dictionary<string, string[]> Errors) Parse(JsonElement body, QuestionLibrary questions)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["Send a JSON object such as { \"locked\": true }."];
            return (null, errors);
        }
        var locked = Flag(body, "locked", errors);
        var mayRun = Flag(body, "candidatesMayRun", errors);
        var setsQuestion = body.TryGetProperty("questionId", out var question);
        string? questionId = null;
        if (setsQuestion && question.ValueKind == JsonValueKind.String)
        {
            questionId = question.GetString();
            if (questions.Find(questionId) is null) errors["questionId"] = ["There is no question with this id in the library."];
        }
        else if (setsQuestion && question.ValueKind != JsonValueKind.Null)
        {
            errors["questionId"] = ["questionId must be a question id or null."];
        }
        return errors.Count > 0 ? (null, errors) : (new ControlsPatch(locked, mayRun, setsQuestion, questionId), errors);
    }

    private static bool? Flag(JsonElement body, string name, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        errors[name] = [$"{name} must be true or false."];
        return null;
    }
}

/// <summary>Body of <c>POST …/timer</c>.</summary>
public sealed record TimerRequest(string? Action, long? DurationMs)
{
    public const string Start = "start";
    public const string Pause = "pause";
    public const string Reset = "reset";

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Action is not (Start or Pause or Reset)) errors["action"] = ["action must be start, pause or reset."];
        if (DurationMs is { } duration && !InterviewTimer.IsValidDuration(duration))
            errors["durationMs"] = ["durationMs must be between 60000 (1 minute) and 14400000 (4 hours)."];
        return errors;
    }

    /// <summary>The timer after this action at <paramref name="nowMs"/>; <see cref="DurationMs"/> counts only for reset.</summary>
    public InterviewTimer ApplyTo(InterviewTimer timer, long nowMs) => Action switch
    {
        Start => timer.Start(nowMs),
        Pause => timer.Pause(nowMs),
        Reset => timer.Reset(DurationMs, nowMs),
        _ => throw new InvalidOperationException($"Validate the request first (action '{Action}')."),
    };
}

/// <summary>Body of <c>PUT …/notes</c>.</summary>
public sealed record NotesRequest(string? Text)
{
    public const int MaxLength = 100_000;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Text is null) errors["text"] = ["text is required (an empty string clears the notes)."];
        else if (Text.Length > MaxLength) errors["text"] = [$"Notes can be at most {MaxLength} characters."];
        return errors;
    }
}
