using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Interview.Tests.Infrastructure;

/// <summary>
/// A participant that behaves like the web client's collaboration client (interview-web/src/lib/collabClient.ts)
/// around a real Yjs document: WebSockets without negotiation and MessagePack; automatic reconnect with the
/// web client's backoff that never gives up; after every (re)connect, on a <c>Resync</c> event and after a
/// refused push, and when a relayed update leaves a gap (Yjs holds it pending), <c>JoinSession</c> with the document's state vector, apply what comes back, then push
/// <c>encodeStateAsUpdate(doc, serverStateVector)</c>. Local edits go into the document at once whether or
/// not the hub is reachable; the next resync sends whatever the hub lacks.
/// </summary>
public sealed class ResilientPeer : IAsyncDisposable
{
    private readonly HubConnection connection;
    private readonly YjsPeers peers;
    private readonly string sessionId;
    private readonly string name;
    // Held while editing and while a resync reads the document and decides what to push, so an edit is
    // either pushed on its own or included in the resync's push, never neither.
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly CancellationTokenSource disposed = new();
    private bool joined;
    private int resyncRunning;
    private int resyncAgain;
    private long droppedAt;
    private readonly TaskCompletionSource<TimeSpan> recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ResilientPeer(HubConnection connection, YjsPeers peers, string doc, string sessionId, string name)
    {
        this.connection = connection;
        this.peers = peers;
        Doc = doc;
        this.sessionId = sessionId;
        this.name = name;
        connection.On<byte[]>("Update", async update =>
        {
            // A gap: an update this one builds on never arrived (its instance died after storing it but
            // before relaying it, or the backplane dropped it). The store has it: resync.
            if (await peers.ApplyReportingGapsAsync(Doc, update)) ScheduleResync();
        });
        connection.On("Resync", () =>
        {
            Interlocked.Increment(ref resyncEvents);
            ScheduleResync();
        });
        connection.Reconnecting += _ =>
        {
            joined = false;
            Interlocked.CompareExchange(ref droppedAt, Stopwatch.GetTimestamp(), 0);
            return Task.CompletedTask;
        };
        connection.Reconnected += _ =>
        {
            ScheduleResync();
            return Task.CompletedTask;
        };
    }

    private int resyncEvents;

    /// <summary>The Yjs document (in <see cref="YjsPeers"/>) this participant edits.</summary>
    public string Doc { get; }

    /// <summary>The hub instance of the latest successful join (<c>machine/pid</c>).</summary>
    public string Instance { get; private set; } = "";

    /// <summary><c>Resync</c> events received from the hub.</summary>
    public int ResyncEvents => Volatile.Read(ref resyncEvents);

    public HubConnectionState State => connection.State;

    /// <summary>Completes with the time from losing the connection to being joined again, at the first recovery.</summary>
    public Task<TimeSpan> Recovered => recovered.Task;

    public static async Task<ResilientPeer> JoinAsync(Uri gateway, string sessionId, YjsPeers peers, string doc, string name)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway, $"/hubs/collab?session={Uri.EscapeDataString(sessionId)}"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .AddMessagePackProtocol()
            .WithAutomaticReconnect(new WebClientBackoff())
            .Build();
        var peer = new ResilientPeer(connection, peers, doc, sessionId, name);
        await connection.StartAsync().WithTimeout();
        await peer.ResyncOnceAsync().WithTimeout();
        return peer;
    }

    /// <summary>Types <paramref name="text"/> at the end of the document, as a keystroke batch of the editor.</summary>
    public async Task TypeAsync(string text)
    {
        await gate.WaitAsync().WithTimeout();
        try
        {
            var update = await peers.InsertAsync(Doc, text);
            if (joined) _ = PushAsync(update);
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<string> TextAsync() => peers.TextAsync(Doc);

    private async Task PushAsync(byte[] update)
    {
        try
        {
            await connection.InvokeAsync("PushUpdate", sessionId, update, disposed.Token);
        }
        catch (Exception) when (!disposed.IsCancellationRequested)
        {
            // Refused ('unavailable' while Redis is away) or cut off by a dropped connection: either way the
            // edit is in the document, and a resync (now, or after the reconnect) sends it.
            if (connection.State == HubConnectionState.Connected) ScheduleResync();
        }
    }

    /// <summary>Starts a resync loop (with backoff) unless one runs; then that one goes round once more.</summary>
    private void ScheduleResync()
    {
        Interlocked.Exchange(ref resyncAgain, 1);
        if (Interlocked.Exchange(ref resyncRunning, 1) == 1) return;
        _ = Task.Run(async () =>
        {
            var attempt = 0;
            while (!disposed.IsCancellationRequested && Interlocked.Exchange(ref resyncAgain, 0) == 1)
            {
                while (!disposed.IsCancellationRequested)
                {
                    if (connection.State != HubConnectionState.Connected) break; // Reconnected schedules the next one
                    try
                    {
                        await ResyncOnceAsync();
                        attempt = 0;
                        break;
                    }
                    catch (Exception) when (!disposed.IsCancellationRequested)
                    {
                        await DelayAsync(WebClientBackoff.Delay(++attempt));
                    }
                }
            }
            Volatile.Write(ref resyncRunning, 0);
            // Something asked between the loop's last check and the flag's reset: go again.
            if (Volatile.Read(ref resyncAgain) == 1 && !disposed.IsCancellationRequested) ScheduleResync();
        });
    }

    private async Task ResyncOnceAsync()
    {
        var stateVector = await peers.StateVectorAsync(Doc);
        var result = await connection.InvokeAsync<CollabClient.JoinResult>("JoinSession", sessionId, name, stateVector, disposed.Token)
            .WaitAsync(Timeouts.Default);
        await gate.WaitAsync().WithTimeout();
        byte[] missing;
        try
        {
            await peers.ApplyAsync(Doc, result.Update);
            // Computed after applying and under the gate: it holds every local edit so far.
            missing = await peers.EncodeStateAsync(Doc, result.StateVector);
            Instance = result.Instance;
            joined = true;
        }
        finally
        {
            gate.Release();
        }
        if (missing.Length > 2) _ = PushAsync(missing); // [0, 0] is the empty update
        var dropped = Interlocked.Exchange(ref droppedAt, 0);
        if (dropped != 0) recovered.TrySetResult(Stopwatch.GetElapsedTime(dropped));
    }

    private async Task DelayAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, disposed.Token);
        }
        catch (OperationCanceledException)
        {
            // disposing
        }
    }

    public async ValueTask DisposeAsync()
    {
        await disposed.CancelAsync();
        await connection.DisposeAsync().AsTask().WithTimeout();
        disposed.Dispose();
    }

    /// <summary>The web client's reconnect schedule (hubTransport.ts backoffDelay, without jitter): 0, 0.5, 1, 2, 4, then 5 s, forever.</summary>
    private sealed class WebClientBackoff : IRetryPolicy
    {
        public static TimeSpan Delay(int attempt) =>
            attempt <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(5000, 500 * Math.Pow(2, attempt - 1)));

        public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay((int)retryContext.PreviousRetryCount);
    }
}
