using System.Globalization;
using System.Text.Json;
using Interview.SessionApi.Questions;
using Microsoft.AspNetCore.Http.HttpResults;
using static Interview.SessionApi.Interviewing.InterviewerKeyFilter;

namespace Interview.SessionApi.Interviewing;

/// <summary>
/// The interviewer-only handlers under <c>/api/sessions/{id}</c> (behind <see cref="InterviewerKeyFilter"/>).
/// Every change is published as a <see cref="SessionEvent"/> once it is stored, so the hub tells the participants.
/// </summary>
public static class ControlEndpoints
{
    public static async Task<Results<Ok<SessionState>, ValidationProblem, ProblemHttpResult>> PatchControls(
        JsonElement body, HttpContext http, InterviewStore store, QuestionLibrary questions, SessionEvents events)
    {
        var (patch, errors) = ControlsPatch.Parse(body, questions);
        if (patch is null) return TypedResults.ValidationProblem(errors);
        var (session, expiresAt) = SessionOf(http);
        var state = await store.UpdateAsync(session.Id, expiresAt, (controls, _) => patch.ApplyTo(controls));
        return await Changed(session.Id, state, events);
    }

    public static async Task<Results<Ok<SessionState>, ValidationProblem, ProblemHttpResult>> Timer(
        TimerRequest request, HttpContext http, InterviewStore store, SessionEvents events)
    {
        var errors = request.Validate();
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var (session, expiresAt) = SessionOf(http);
        var state = await store.UpdateAsync(session.Id, expiresAt, (controls, now) => controls with { Timer = request.ApplyTo(controls.Timer, now) });
        return await Changed(session.Id, state, events);
    }

    /// <summary>Idempotent: ending an ended interview answers its state and changes nothing.</summary>
    public static async Task<Ok<SessionState>> End(HttpContext http, InterviewStore store, SessionEvents events)
    {
        var (session, expiresAt) = SessionOf(http);
        var (state, changed) = await store.EndAsync(session.Id, expiresAt);
        if (changed) await events.PublishAsync(new(session.Id, SessionEvent.State));
        return TypedResults.Ok(state);
    }

    public static async Task<Ok<Notes>> GetNotes(HttpContext http, InterviewStore store) =>
        TypedResults.Ok(await store.ReadNotesAsync(SessionOf(http).Session.Id));

    /// <summary>Notes are never published: no event, so nothing about them can reach a candidate.</summary>
    public static async Task<Results<Ok<Notes>, ValidationProblem>> PutNotes(NotesRequest request, HttpContext http, InterviewStore store)
    {
        var errors = request.Validate();
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var (session, expiresAt) = SessionOf(http);
        return TypedResults.Ok(await store.SaveNotesAsync(session.Id, request.Text!, expiresAt));
    }

    /// <summary>The hub instance serving that awareness client removes it; an unknown client id does nothing.</summary>
    public static async Task<Results<Accepted, ValidationProblem>> RemoveParticipant(string clientId, HttpContext http, InterviewStore store, SessionEvents events)
    {
        if (!ulong.TryParse(clientId, NumberStyles.None, CultureInfo.InvariantCulture, out var client))
            return ClientIdProblem("clientId must be a Yjs awareness client id (a decimal number).");
        var sessionId = SessionOf(http).Session.Id;
        if (await store.IsInterviewerClientAsync(sessionId, client)) return ClientIdProblem("The interviewer cannot remove themselves.");
        await events.PublishAsync(new(sessionId, SessionEvent.Remove, client));
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Ok<HistoryDto>> History(HttpContext http, InterviewStore store)
    {
        var session = SessionOf(http).Session;
        var entries = await store.ReadHistoryAsync(session.Id);
        return TypedResults.Ok(new HistoryDto(session.CreatedAt, [.. entries.Select(e => new HistoryEntryDto(e.At.ToUnixTimeMilliseconds(), e.Author, e.Update))]));
    }

    private static ValidationProblem ClientIdProblem(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["clientId"] = [message] });

    private static async Task<Results<Ok<SessionState>, ValidationProblem, ProblemHttpResult>> Changed(string sessionId, SessionState? state, SessionEvents events)
    {
        if (state is null) return Sessions.SessionProblems.Ended();
        await events.PublishAsync(new(sessionId, SessionEvent.State));
        return TypedResults.Ok(state);
    }
}

/// <summary>The answer of <c>GET …/history</c>: every accepted update in order (<c>update</c> base64 in JSON).</summary>
public sealed record HistoryDto(DateTimeOffset CreatedAt, IReadOnlyList<HistoryEntryDto> Entries);

public sealed record HistoryEntryDto(long At, string Author, byte[] Update);
