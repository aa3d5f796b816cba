namespace Interview.SessionApi.Interviewing;

/// <summary>Wiring of the interviewer's controls (docs/protocol.md, "The interview around the editor").</summary>
public static class InterviewingExtensions
{
    /// <summary>Maps the interviewer-only calls under <c>/api/sessions/{id}</c>, all behind the interviewer key.</summary>
    public static RouteGroupBuilder MapInterviewerControls(this RouteGroupBuilder sessions)
    {
        var interviewer = sessions.MapGroup("/{id}").AddEndpointFilter<InterviewerKeyFilter>().WithTags("Interviewer");
        interviewer.MapPatch("/controls", ControlEndpoints.PatchControls).WithName("ChangeControls");
        interviewer.MapPost("/timer", ControlEndpoints.Timer).WithName("ChangeTimer");
        interviewer.MapPost("/end", ControlEndpoints.End).WithName("EndInterview");
        interviewer.MapGet("/notes", ControlEndpoints.GetNotes).WithName("GetNotes");
        interviewer.MapPut("/notes", ControlEndpoints.PutNotes).WithName("SaveNotes");
        interviewer.MapDelete("/participants/{clientId}", ControlEndpoints.RemoveParticipant).WithName("RemoveParticipant");
        interviewer.MapGet("/history", ControlEndpoints.History).WithName("GetHistory");
        return sessions;
    }
}
