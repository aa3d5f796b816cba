using System.Diagnostics;

namespace Interview.CollabHub.Hubs;

/// <summary>A small thread-safe token bucket: bursts up to its capacity, refilled continuously.</summary>
public sealed class TokenBucket(int capacity, double refillPerSecond)
{
    private readonly Lock gate = new();
    private double tokens = capacity;
    private long lastRefill = Stopwatch.GetTimestamp();

    public bool TryTake()
    {
        lock (gate)
        {
            var now = Stopwatch.GetTimestamp();
            tokens = Math.Min(capacity, tokens + Stopwatch.GetElapsedTime(lastRefill, now).TotalSeconds * refillPerSecond);
            lastRefill = now;
            if (tokens < 1) return false;
            tokens -= 1;
            return true;
        }
    }
}
