namespace Interview.AppHost;

/// <summary>
/// A Redis-protocol server run as a local process (embedded Garnet or Debian's redis-server), for
/// machines without a container runtime. Consumers get its address as the <c>redis</c> connection string.
/// </summary>
public sealed class RedisServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.HostAndPort)}");
}
