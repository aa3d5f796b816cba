using System.Runtime.Serialization;
using Interview.SessionApi.Interviewing;

namespace Interview.CollabHub.Hubs;

/// <summary>
/// The answer to <c>JoinSession</c>/<c>JoinSessionAs</c>. The data-contract names make both hub protocols use
/// camelCase (MessagePack would otherwise keep the C# names).
/// </summary>
[DataContract]
public sealed record JoinResult(
    [property: DataMember(Name = "update")] byte[] Update,
    [property: DataMember(Name = "stateVector")] byte[] StateVector,
    [property: DataMember(Name = "awareness")] byte[] Awareness,
    [property: DataMember(Name = "instance")] string Instance,
    [property: DataMember(Name = "role")] string Role,
    [property: DataMember(Name = "state")] SessionState State);

/// <summary>The events the hub sends to clients.</summary>
public interface ICollabClient
{
    /// <summary>A Yjs update another participant pushed.</summary>
    Task Update(byte[] update);

    /// <summary>An awareness update (someone joined, moved, renamed or left).</summary>
    Task Awareness(byte[] update);

    /// <summary>
    /// Updates may have been missed (the backplane was down): call <c>JoinSession</c> with the state
    /// vector again and push what the server lacks, exactly as after a reconnect.
    /// </summary>
    Task Resync();

    /// <summary>The session state changed (an interviewer's control call, or the end).</summary>
    Task SessionState(SessionState state);

    /// <summary>The interviewer removed this participant; the server closes the connection next.</summary>
    Task Removed();

    /// <summary>A call the client sent without waiting for an answer (<c>SendUpdate</c>, <c>SendAwareness</c>) was refused with <paramref name="code"/>.</summary>
    Task Refused(string method, string code);
}
