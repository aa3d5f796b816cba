using Interview.CollabHub.Hubs;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCollabHub();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapCollabHub();

app.Run();
