using Microsoft.AspNetCore.SignalR;

namespace Interview.Tests.Unit.Collab;

/// <summary>
/// A hub with the collaboration hub's method names, for hub filters (they know a call only by its name); what it
/// sends to the caller is recorded in <see cref="Sent"/>.
/// </summary>
internal sealed class ProbeHub : Hub
{
    public ProbeHub() => Clients = new RecordingClients(Sent);

    /// <summary>Each message sent to the caller: the client method and its arguments.</summary>
    public List<(string Method, object?[] Args)> Sent { get; } = [];

    public static HubInvocationContext Call(IServiceProvider services, string method, ProbeHub? hub = null) =>
        new(new StubCaller(), services, hub ?? new ProbeHub(), typeof(ProbeHub).GetMethod(method)!, []);

    public void JoinSession() { }
    public void PushUpdate() { }
    public void PushAwareness() { }
    public void SendUpdate() { }
    public void SendAwareness() { }
    public void Confirm() { }

    private sealed class RecordingClients(List<(string, object?[])> sent) : IHubCallerClients
    {
        public ISingleClientProxy Caller { get; } = new Recorder(sent);
        IClientProxy IHubCallerClients<IClientProxy>.Caller => Caller;
        IClientProxy IHubClients<IClientProxy>.Client(string connectionId) => Client(connectionId);
        public IClientProxy Others => throw new NotSupportedException();
        public IClientProxy All => throw new NotSupportedException();
        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
        public ISingleClientProxy Client(string connectionId) => throw new NotSupportedException();
        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();
        public IClientProxy Group(string groupName) => throw new NotSupportedException();
        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
        public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();
        public IClientProxy OthersInGroup(string groupName) => throw new NotSupportedException();
        public IClientProxy User(string userId) => throw new NotSupportedException();
        public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
    }

    private sealed class Recorder(List<(string, object?[])> sent) : ISingleClientProxy
    {
        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            sent.Add((method, args));
            return Task.CompletedTask;
        }

        public Task<T> InvokeCoreAsync<T>(string method, object?[] args, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

internal sealed class StubCaller : HubCallerContext
{
    public override string ConnectionId => "c1";
    public override string? UserIdentifier => null;
    public override System.Security.Claims.ClaimsPrincipal? User => null;
    public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
    public override Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();
    public override CancellationToken ConnectionAborted => CancellationToken.None;
    public override void Abort() { }
}
