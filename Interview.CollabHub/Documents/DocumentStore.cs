using System.Collections.Concurrent;
using System.Diagnostics;
using Interview.CollabHub.Documents.Yjs;
using Interview.CollabHub.Telemetry;
using Interview.SessionApi.Interviewing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interview.CollabHub.Documents;

/// <summary>
/// Durable Yjs documents in Redis: a snapshot plus a log of the updates accepted since, merged into a
/// new snapshot once the log grows past <see cref="DocumentOptions.CompactAfterUpdates"/>. Reading
/// therefore costs in proportion to the document's size, not its edit history. A separate, bounded
/// history keeps every update with its author and time for replay.
/// </summary>
public sealed class DocumentStore(
    IConnectionMultiplexer redis,
    ParticipantStore participants,
    IOptions<DocumentOptions> options,
    TimeProvider clock,
    CollabMetrics metrics,
    ILogger<DocumentStore> logger)
{
    // One compaction per session at a time in this process; across processes the version check decides.
    private readonly ConcurrentDictionary<string, byte> compacting = new();
    // Sessions whose history reached its cap: later updates are not recorded (the document still is).
    private readonly ConcurrentDictionary<string, byte> historyFull = new();
    // Each session's AppendScript keys. Naming them afresh was a dozen strings per keystroke, about a fifth of the
    // hub's allocated bytes under load (docs/performance.md, "Fewer allocations per keystroke"); emptied whole
    // past MaxCachedSessions, which bounds it.
    private readonly ConcurrentDictionary<string, RedisKey[]> appendKeys = new(StringComparer.Ordinal);
    private const int MaxCachedSessions = 10_000;

    // Writes a compaction unless another one committed since its version was read (then 0). The log only grows
    // at its end (RPUSH), so dropping exactly the entries merged is safe while others append. A script rather
    // than a WATCH transaction: StackExchange.Redis blocks a thread-pool thread while it waits for watched
    // values, and on a one-core host that starved the hub for 0.5–1.7 s per compaction (docs/performance.md).
    // KEYS: snapshot, log, version, bytes. ARGV: version read ("" for none), snapshot, entries merged, size change.
    private const string CommitScript = """
        if (redis.call('GET', KEYS[3]) or '') ~= ARGV[1] then return 0 end
        local ttl = redis.call('PTTL', KEYS[2])
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('LTRIM', KEYS[2], ARGV[3], -1)
        redis.call('INCR', KEYS[3])
        redis.call('INCRBY', KEYS[4], ARGV[4])
        if ttl > 0 then
          redis.call('PEXPIRE', KEYS[1], ttl)
          redis.call('PEXPIRE', KEYS[3], ttl)
          redis.call('PEXPIRE', KEYS[4], ttl)
        end
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The whole stored document as one update (an empty update when nothing was written).</summary>
    public async Task<byte[]> ReadAsync(string sessionId)
    {
        var keys = new DocumentKeys(sessionId);
        // The log before the snapshot: a compaction by another instance in between then yields entries twice
        // (Yjs merges them away), never a trimmed log beside the old snapshot.
        var batch = Db.CreateBatch();
        var log = batch.ListRangeAsync(keys.Log);
        var snapshot = batch.StringGetAsync(keys.Snapshot);
        batch.Execute();
        var (stored, logged) = (await snapshot, await log);
        await Task.Yield(); // as in CompactAsync: a large document's merge must not hold up other replies
        return Merge(stored, logged);
    }

    // Stores an update unless the interview has ended (then 0, nothing stored), in one command: the end is checked
    // atomically with the write, and a keystroke costs Redis one command instead of six (docs/performance.md).
    // KEYS: ended, log, bytes, history, history bytes, participants.
    // ARGV: update, history entry ("" when the history is full), live-participant score floor.
    // Returns: log length, stored bytes, history bytes, the session's live participants (read after the write).
    private const string AppendScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        local length = redis.call('RPUSH', KEYS[2], ARGV[1])
        local size = redis.call('INCRBY', KEYS[3], string.len(ARGV[1]))
        local historyBytes = 0
        if ARGV[2] ~= '' then
          redis.call('RPUSH', KEYS[4], ARGV[2])
          historyBytes = redis.call('INCRBY', KEYS[5], string.len(ARGV[2]))
        end
        return { length, size, historyBytes, redis.call('ZRANGEBYSCORE', KEYS[6], ARGV[3], '+inf') }
        """;

    /// <summary>
    /// Appends an accepted update, or returns null (storing nothing) when the session's interview has ended.
    /// When the returned task completes the update is in Redis, so it is safe to relay (store before broadcast);
    /// the result says to whom (<see cref="Appended"/>).
    /// </summary>
    public async Task<Appended?> AppendAsync(string sessionId, byte[] update, string author)
    {
        var entry = historyFull.ContainsKey(sessionId) ? null : HistoryEntry.Encode(clock.GetUtcNow(), author, update);
        var result = await Db.ScriptEvaluateAsync(AppendScript, AppendKeys(sessionId),
            [update, entry ?? RedisValue.EmptyString, participants.LiveSince()]);
        if (result.Resp2Type == ResultType.Integer) return null;

        var stored = (RedisResult[])result!;
        var (length, size, historyBytes) = ((long)stored[0], (long)stored[1], (long)stored[2]);
        if (entry is not null && historyBytes > options.Value.MaxHistoryBytes) await TrimHistoryAsync(sessionId, new DocumentKeys(sessionId), entry);
        // Once per CompactAfterUpdates appends, so a compaction that fails (or lost to another) is retried later, not per keystroke.
        var every = options.Value.CompactAfterUpdates;
        if (length > every && (length - 1) % every == 0) _ = CompactAsync(sessionId);
        return new(size, ParticipantStore.AnyElsewhere((RedisValue[])stored[3]!));
    }

    private RedisKey[] AppendKeys(string sessionId)
    {
        if (appendKeys.TryGetValue(sessionId, out var cached)) return cached;
        if (appendKeys.Count >= MaxCachedSessions) appendKeys.Clear();
        var keys = new DocumentKeys(sessionId);
        RedisKey[] named = [new InterviewKeys(sessionId).Ended, keys.Log, keys.Bytes, keys.History, keys.HistoryBytes, keys.Participants];
        return appendKeys.GetOrAdd(sessionId, named);
    }

    /// <summary>Merges the log into the snapshot, unless another compaction got there first.</summary>
    public async Task<bool> CompactAsync(string sessionId)
    {
        if (!compacting.TryAdd(sessionId, 0)) return false;
        // Its own trace: pushes have no span to hold it, and the connection's request span lasts the whole interview.
        Activity.Current = null;
        using var activity = CollabMetrics.Source.StartActivity("compact document");
        activity?.SetTag("interview.session", CollabMetrics.SessionTag(sessionId));
        try
        {
            var keys = new DocumentKeys(sessionId);
            // The version first: a compaction that commits after this read makes the script below refuse.
            var batch = Db.CreateBatch();
            var versionTask = batch.StringGetAsync(keys.Version);
            var snapshotTask = batch.StringGetAsync(keys.Snapshot);
            var logTask = batch.ListRangeAsync(keys.Log);
            batch.Execute();
            var version = await versionTask;
            var snapshot = await snapshotTask;
            var log = await logTask;
            // Off the thread that delivered the replies before merging: the merge is the one long piece of CPU
            // work in the hub, and on that thread it held up every other push's reply (docs/performance.md).
            await Task.Yield();
            // Keystrokes arrive one struct each; squashing joins them back into runs, so the snapshot costs
            // about what the document itself does, however long the typing took.
            var merged = YUpdate.SquashStrings(Merge(snapshot, log));
            // The stored size drops by what was merged and grows by the new snapshot; updates appended
            // meanwhile keep their own increments.
            var mergedBytes = (snapshot.IsNull ? 0 : ((byte[])snapshot!).LongLength) + log.Sum(u => ((byte[])u!).LongLength);

            var result = await Db.ScriptEvaluateAsync(CommitScript,
                [keys.Snapshot, keys.Log, keys.Version, keys.Bytes],
                [version.IsNull ? "" : version, merged, log.Length, merged.LongLength - mergedBytes]);
            var done = (int)result == 1;
            metrics.Compaction(done ? "compacted" : "superseded");
            if (done) metrics.DocumentSize(merged.LongLength, "compacted");
            return done;
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException or InvalidUpdateException)
        {
            // The log is intact; the append that next reaches a multiple of CompactAfterUpdates tries again.
            metrics.Compaction("failed");
            logger.LogWarning(e, "Compaction of session {Session} failed", CollabMetrics.SessionTag(sessionId));
            return false;
        }
        finally
        {
            compacting.TryRemove(sessionId, out _);
        }
    }

    private async Task TrimHistoryAsync(string sessionId, DocumentKeys keys, byte[] entry)
    {
        historyFull.TryAdd(sessionId, 0);
        var batch = Db.CreateBatch();
        var removed = batch.ListRemoveAsync(keys.History, entry, -1);
        var counted = batch.StringDecrementAsync(keys.HistoryBytes, entry.Length);
        batch.Execute();
        await Task.WhenAll(removed, counted);
        logger.LogInformation("History of session {Session} reached its cap; later updates are not recorded", CollabMetrics.SessionTag(sessionId));
    }

    private static byte[] Merge(RedisValue snapshot, RedisValue[] log)
    {
        var updates = new List<byte[]>(log.Length + 1);
        if (!snapshot.IsNullOrEmpty) updates.Add((byte[])snapshot!);
        updates.AddRange(log.Select(u => (byte[])u!));
        return updates.Count switch
        {
            0 => YUpdate.Empty.ToArray(),
            1 => updates[0],
            _ => YUpdate.MergeUpdates(updates),
        };
    }
}

/// <summary>An appended update: the document's stored size (snapshot plus log), and whether a participant on
/// another hub instance must be sent it (else this instance's own connections are all there is).</summary>
public readonly record struct Appended(long StoredBytes, bool AnyElsewhere);
