using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Interview.Tests.Infrastructure;

/// <summary>
/// Real Yjs documents (the <c>yjs</c> package the browsers use, run by Node) that tests edit, sync and
/// read, so hub tests exchange genuine updates instead of hand-made bytes.
/// </summary>
public sealed class YjsPeers : IDisposable
{
    private readonly Process node;
    private readonly SemaphoreSlim gate = new(1, 1);
    private int nextId;

    private YjsPeers(Process node) => this.node = node;

    public static YjsPeers Start()
    {
        var web = RepoPaths.WebClient;
        if (!Directory.Exists(Path.Combine(web, "node_modules", "yjs")))
            throw new InvalidOperationException("yjs is not installed: run `npm ci` in interview-web (./test.sh does this).");
        var info = new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "Infrastructure", "yjs-peers.mjs")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.Environment["INTERVIEW_WEB_DIR"] = web;
        try
        {
            return new YjsPeers(Process.Start(info)!);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Node.js is needed by the tests: install node (≥ 20).", e);
        }
    }

    public async Task<byte[]> InsertAsync(string doc, string text, int? index = null, ulong? clientId = null) =>
        Bytes(await CallAsync(new() { ["op"] = "insert", ["doc"] = doc, ["text"] = text, ["index"] = index, ["clientId"] = clientId }), "update");

    /// <summary>Types characters one at a time; returns each keystroke's own update.</summary>
    public async Task<byte[][]> TypeCharsAsync(string doc, int count) =>
        [.. (await CallAsync(new() { ["op"] = "typeChars", ["doc"] = doc, ["count"] = count }))["updates"]!.AsArray()
            .Select(u => Convert.FromBase64String(u!.GetValue<string>()))];

    public async Task<byte[]> DeleteAsync(string doc, int index, int length) =>
        Bytes(await CallAsync(new() { ["op"] = "delete", ["doc"] = doc, ["index"] = index, ["length"] = length }), "update");

    public async Task<byte[]> SetMetaAsync(string doc, string key, string value) =>
        Bytes(await CallAsync(new() { ["op"] = "setMeta", ["doc"] = doc, ["key"] = key, ["value"] = value }), "update");

    public Task ApplyAsync(string doc, byte[] update) => ApplyReportingGapsAsync(doc, update);

    /// <summary>Applies an update; true when the document now waits for something it never received (a gap).</summary>
    public async Task<bool> ApplyReportingGapsAsync(string doc, byte[] update) =>
        (await CallAsync(new() { ["op"] = "apply", ["doc"] = doc, ["update"] = Convert.ToBase64String(update) }))["pending"]!.GetValue<bool>();

    public async Task<string> TextAsync(string doc) => (await CallAsync(new() { ["op"] = "read", ["doc"] = doc }))["text"]!.GetValue<string>();

    public async Task<byte[]> StateVectorAsync(string doc) => Bytes(await CallAsync(new() { ["op"] = "stateVector", ["doc"] = doc }), "stateVector");

    public async Task<byte[]> EncodeStateAsync(string doc, byte[]? stateVector = null) =>
        Bytes(await CallAsync(new() { ["op"] = "encodeState", ["doc"] = doc, ["stateVector"] = stateVector is null ? null : Convert.ToBase64String(stateVector) }), "update");

    /// <summary>The text and meta map of the document an update describes.</summary>
    public async Task<(string Text, JsonObject Meta)> ReadUpdateAsync(byte[] update)
    {
        var result = await CallAsync(new() { ["op"] = "textOf", ["update"] = Convert.ToBase64String(update) });
        return (result["text"]!.GetValue<string>(), result["meta"]!.AsObject());
    }

    private async Task<JsonObject> CallAsync(JsonObject request)
    {
        await gate.WaitAsync().WithTimeout();
        try
        {
            request["id"] = ++nextId;
            await node.StandardInput.WriteLineAsync(request.ToJsonString()).WithTimeout();
            await node.StandardInput.FlushAsync().WithTimeout();
            var line = await node.StandardOutput.ReadLineAsync().WithTimeout()
                ?? throw new InvalidOperationException("The yjs peer process ended.");
            var response = JsonNode.Parse(line)!.AsObject();
            return response["ok"]!.GetValue<bool>() ? response : throw new InvalidOperationException($"yjs: {response["error"]}");
        }
        finally
        {
            gate.Release();
        }
    }

    private static byte[] Bytes(JsonObject response, string field) => Convert.FromBase64String(response[field]!.GetValue<string>());

    public void Dispose()
    {
        node.StandardInput.Close();
        if (!node.WaitForExit(5_000)) node.Kill();
        node.Dispose();
        gate.Dispose();
    }
}
