using Microsoft.Extensions.Configuration;
// The system diagram: infrastructure → services → gateway (the one URL users open) → web client.
var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddInterviewRedis("redis");

var sessionApi = builder.AddProject<Projects.Interview_SessionApi>("session-api")
    .WithReference(redis).WaitFor(redis)
    .WithHttpHealthCheck("/health");

// Scaled out on the SignalR Redis backplane; each instance registers its own address for the gateway.
var collabHub = builder.AddProject<Projects.Interview_CollabHub>("collab-hub")
    .WithReference(redis).WaitFor(redis)
    .WithHttpHealthCheck("/health")
    .WithReplicas(builder.Configuration.GetValue("Interview:HubReplicas", 2));

var gateway = builder.AddProject<Projects.Interview_Gateway>("gateway")
    .WithReference(redis)
    .WithReference(sessionApi).WaitFor(sessionApi)
    .WithReference(collabHub).WaitFor(collabHub)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithGatewayPort(builder.Configuration.GetValue("Interview:GatewayPort", 5080))
    .WithReadyBanner();

builder.AddWebClient("web", gateway);

builder.Build().Run();
