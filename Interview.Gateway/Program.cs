using Interview.Gateway;
using Interview.Gateway.AllInOne;

// The container's HEALTHCHECK: this program as its own probe (the runtime image has no curl).
if (args is [HealthProbe.Flag, ..]) return await HealthProbe.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();
// All-in-one (the container): the sessions API and the hub run in this process instead of behind YARP.
if (builder.IsAllInOne()) builder.AddAllInOne();
else builder.AddHubInstances().UseInlineIo();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGateway();
if (app.IsAllInOne()) app.MapAllInOne();

app.Run();
return 0;
