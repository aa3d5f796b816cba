using System.ComponentModel.DataAnnotations;

namespace Interview.CollabHub.Documents;

/// <summary>Limits of the stored documents, bound from the <c>Documents</c> configuration section.</summary>
public sealed class DocumentOptions
{
    public const string SectionName = "Documents";

    /// <summary>Largest single Yjs update a client may push (a big paste fits with room to spare).</summary>
    [Range(1024, 512 * 1024)]
    public int MaxUpdateBytes { get; set; } = 256 * 1024;

    /// <summary>Updates kept in the log before they are merged into the snapshot.</summary>
    [Range(2, 100_000)]
    public int CompactAfterUpdates { get; set; } = 128;

    /// <summary>Largest stored document (snapshot plus log); pushes beyond it are refused with <c>document-too-large</c>.</summary>
    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long MaxDocumentBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Connections that may be joined to one session at once (<c>session-full</c> beyond).</summary>
    [Range(1, 10_000)]
    public int MaxParticipants { get; set; } = 16;

    /// <summary>Bytes of timestamped update history kept per session for replay; later updates are not recorded.</summary>
    [Range(0, 1024L * 1024 * 1024)]
    public long MaxHistoryBytes { get; set; } = 16 * 1024 * 1024;
}
