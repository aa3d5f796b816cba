using Microsoft.AspNetCore.SignalR;

namespace Interview.CollabHub.Hubs;

/// <summary>
/// The collaboration hub at <c>/hubs/collab?session={id}</c>. A connection belongs to exactly one
/// session, checked before the connection is accepted (<see cref="SessionGate"/>); every connection of a
/// session is in the SignalR group named after the session id.
/// </summary>
public sealed class CollabHub : Hub
{
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, SessionGate.SessionOf(Context));
        await base.OnConnectedAsync();
    }
}
