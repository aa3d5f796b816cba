using Interview.Gateway;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace Interview.Tests.Unit.Gateway;

public sealed class SessionBalancingTests
{
    private static readonly string[] Sessions = [.. Enumerable.Range(0, 600).Select(i => $"session-{i:D4}")];
    private readonly SessionBalancing balancing = new();
    private readonly ClusterState cluster = new("collab-hub");

    [Fact]
    public void EveryConnectionOfASessionGoesToTheSameInstanceWhateverTheOrderOfTheList()
    {
        var instances = Instances("hub:a/1", "hub:b/2", "hub:c/3");
        foreach (var session in Sessions.Take(50))
        {
            var first = Pick(session, instances);
            Assert.Equal(first, Pick(session, [.. instances.Reverse()]));
            Assert.Equal(first, Pick(session, [instances[1], instances[2], instances[0]]));
        }
    }

    [Fact]
    public void SessionsAreSpreadOverTheInstances()
    {
        var instances = Instances("hub:a/1", "hub:b/2", "hub:c/3");
        var counts = Sessions.GroupBy(s => Pick(s, instances)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, counts.Count);
        // 200 each on average; this far from it would be a broken hash, not chance.
        Assert.All(counts.Values, count => Assert.InRange(count, 140, 260));
    }

    [Fact]
    public void WhenAnInstanceLeavesOnlyItsSessionsMove()
    {
        var all = Instances("hub:a/1", "hub:b/2", "hub:c/3");
        var before = Sessions.ToDictionary(s => s, s => Pick(s, all));
        var remaining = all.Where(d => d.DestinationId != "hub:b/2").ToArray();

        foreach (var (session, instance) in before)
        {
            var after = Pick(session, remaining);
            if (instance != "hub:b/2") Assert.Equal(instance, after);
            else Assert.NotEqual("hub:b/2", after);
        }
    }

    [Fact]
    public void AHubUrlWithoutASessionStillGetsAnInstanceAndNoInstancesGetNone()
    {
        var instances = Instances("hub:a/1", "hub:b/2");
        Assert.NotNull(balancing.PickDestination(new DefaultHttpContext(), cluster, instances));
        Assert.Null(balancing.PickDestination(Request("s"), cluster, []));
    }

    private string Pick(string session, IReadOnlyList<DestinationState> instances) =>
        balancing.PickDestination(Request(session), cluster, instances)!.DestinationId;

    private static DefaultHttpContext Request(string session)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/hubs/collab";
        context.Request.QueryString = QueryString.Create("session", session);
        return context;
    }

    private static DestinationState[] Instances(params string[] ids) => [.. ids.Select(id => new DestinationState(id))];
}
