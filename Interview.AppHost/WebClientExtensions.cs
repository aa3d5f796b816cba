namespace Aspire.Hosting;

/// <summary>The Vite + React client and the gateway settings that go with it.</summary>
public static class WebClientExtensions
{
    /// <summary>
    /// <c>Interview:WebClient</c> = <c>dev</c> (default): the Vite dev server as resource <paramref name="name"/>,
    /// proxied by the gateway with hot reload. <c>dist</c>: the gateway serves the built client from
    /// <c>interview-web/dist</c> (run <c>npm run build</c> first), as in production.
    /// npm packages are installed first when <c>node_modules</c> is missing, so a fresh clone just runs.
    /// </summary>
    public static void AddWebClient(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ProjectResource> gateway)
    {
        var webDir = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "interview-web"));
        var mode = builder.Configuration["Interview:WebClient"] ?? "dev";
        if (mode == "dist")
        {
            gateway.WithEnvironment("Gateway__WebRoot", Path.Combine(webDir, "dist"));
            return;
        }

        var web = builder.AddExecutable(name, "npm", webDir, "run", "dev")
            .WithHttpEndpoint(env: "PORT")
            .WithHttpHealthCheck("/");
        if (!Directory.Exists(Path.Combine(webDir, "node_modules")))
        {
            var install = builder.AddExecutable($"{name}-install", "npm", webDir, "ci", "--no-audit", "--no-fund");
            web.WaitForCompletion(install);
        }

        gateway.WithReference(web.GetEndpoint("http"))
            .WithEnvironment("Gateway__WebDevServer", $"http://{name}");
    }
}
