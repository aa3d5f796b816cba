using Interview.SessionApi.Sessions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSessions();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapSessions();

app.Run();
