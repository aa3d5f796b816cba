using Interview.CollabHub.Documents.Yjs;
using Interview.CollabHub.Hubs;
using Interview.CollabHub.Scaling;
using Interview.SessionApi.Interviewing;

namespace Interview.Tests.Unit.Collab;

public sealed class InterviewRulesTests
{
    [Fact]
    public void AConnectionSpeaksForTheAwarenessClientsItAnnouncedUntilItRemovesThem()
    {
        var state = new ConnectionState();
        state.TrackAwareness([new AwarenessEntry(7, 1, "{}")]);

        Assert.True(state.SpeaksFor(7));
        Assert.False(state.SpeaksFor(8));

        state.TrackAwareness([new AwarenessEntry(7, 2, "null")]);
        Assert.False(state.SpeaksFor(7));
    }

    [Fact]
    public void AJoinRecordsTheRoleAndTheParticipant()
    {
        var state = new ConnectionState();
        Assert.False(state.Joined);

        state.Join("Ada", Roles.Interviewer, "participant-id");

        Assert.True(state.Joined);
        Assert.True(state.IsInterviewer);
        Assert.Equal("participant-id", state.ParticipantId);
    }

    [Fact]
    public void TheConnectionsOfOneSessionAreFoundAmongAllOfTheInstance()
    {
        var connections = new HubConnections();
        connections.Joined("c1", "session-a");
        connections.Joined("c2", "session-b");
        connections.Joined("c3", "session-a");

        Assert.Equal(["c1", "c3"], connections.InSession("session-a").Select(c => c.ConnectionId).Order());
        Assert.Empty(connections.InSession("session-c"));

        connections.Closed("c1");
        Assert.Equal("c3", Assert.Single(connections.InSession("session-a")).ConnectionId);
    }

    [Theory]
    [InlineData("""{"sessionId":"AAAAAAAAAAAAAAAAAAAAAA","kind":"remove","clientId":42}""", "remove", 42UL)]
    [InlineData("""{"sessionId":"AAAAAAAAAAAAAAAAAAAAAA","kind":"state"}""", "state", null)]
    public void SessionEventsReadBackAsPublished(string json, string kind, ulong? clientId)
    {
        var change = SessionEvents.Parse(json);

        Assert.Equal((kind, clientId), (change?.Kind, change?.ClientId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"sessionId":"x","kind":"remove","clientId":-1}""")]
    [InlineData("[]")]
    public void AMessageThatIsNotASessionEventIsIgnored(string json) => Assert.Null(SessionEvents.Parse(json));
}
