namespace Interview.Tests.Infrastructure;

/// <summary>Every await in a test has a timeout, so a hang fails with a message instead of stalling CI.</summary>
public static class Timeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan AppStart = TimeSpan.FromMinutes(3);

    public static Task WithTimeout(this Task task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);

    public static Task<T> WithTimeout<T>(this Task<T> task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);
}
