using System.Buffers.Binary;
using System.Text;

namespace Interview.SessionApi.Interviewing;

/// <summary>
/// One recorded update: when it was accepted, who pushed it (their display name) and the Yjs update.
/// Stored as 8 bytes of Unix milliseconds (little-endian), a 2-byte name length, the UTF-8 name, then the update.
/// </summary>
public sealed record HistoryEntry(DateTimeOffset At, string Author, byte[] Update)
{
    public static byte[] Encode(DateTimeOffset at, string author, byte[] update)
    {
        var name = Encoding.UTF8.GetBytes(author);
        var bytes = new byte[10 + name.Length + update.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, at.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)name.Length));
        name.CopyTo(bytes, 10);
        update.CopyTo(bytes, 10 + name.Length);
        return bytes;
    }

    public static HistoryEntry Decode(byte[] bytes)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(bytes));
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        var author = Encoding.UTF8.GetString(bytes, 10, nameLength);
        return new(at, author, bytes[(10 + nameLength)..]);
    }
}
