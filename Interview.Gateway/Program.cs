using Interview.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();
builder.AddHubInstances();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGateway();

app.Run();
