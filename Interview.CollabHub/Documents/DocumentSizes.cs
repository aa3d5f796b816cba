using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Interview.CollabHub.Documents;

/// <summary>
/// The last stored size this instance saw of each session's document (from a join or an append), so the
/// size limit costs no extra round trip per keystroke. Another instance's appends are seen with the next
/// append here, so a document can pass the limit by at most one update per instance.
/// </summary>
public sealed class DocumentSizes(IOptions<DocumentOptions> options)
{
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, long> sizes = new(StringComparer.Ordinal);

    public void Observed(string sessionId, long bytes)
    {
        if (sizes.Count > MaxTracked) sizes.Clear(); // forgetting only delays a refusal by one append
        sizes[sessionId] = bytes;
    }

    public bool WouldExceed(string sessionId, int updateBytes) =>
        sizes.TryGetValue(sessionId, out var size) && size + updateBytes > options.Value.MaxDocumentBytes;
}
