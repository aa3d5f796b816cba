using System.Text;

namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// UTF-16 bookkeeping on UTF-8 bytes. Yjs measures strings (and therefore clocks) in UTF-16 code units while
/// the wire carries UTF-8, so slicing works directly on the bytes to avoid decoding whole strings.
/// </summary>
internal static class Utf16Text
{
    private static ReadOnlySpan<byte> Replacement => [0xEF, 0xBF, 0xBD];

    /// <summary>UTF-16 length of already validated UTF-8.</summary>
    public static int Length(ReadOnlySpan<byte> validUtf8) => Encoding.UTF8.GetCharCount(validUtf8);

    /// <summary>
    /// Writes the UTF-8 of UTF-16 units <paramref name="offset"/>.. of <paramref name="validUtf8"/> as a varString.
    /// A split inside a surrogate pair turns the orphaned low surrogate into U+FFFD, as yjs does (the left
    /// half is discarded by every caller, so only the right half matters).
    /// </summary>
    public static void WriteTail(Lib0Writer writer, ReadOnlySpan<byte> validUtf8, ulong offset)
    {
        int i = 0;
        ulong units = 0;
        while (units < offset)
        {
            byte lead = validUtf8[i];
            int seq = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
            if (seq == 4 && units + 1 == offset)
            {
                // The offset falls between the high and the low surrogate of this code point.
                ReadOnlySpan<byte> rest = validUtf8[(i + 4)..];
                writer.WriteVarUint((ulong)(rest.Length + Replacement.Length));
                writer.WriteBytes(Replacement);
                writer.WriteBytes(rest);
                return;
            }

            units += seq == 4 ? 2UL : 1UL;
            i += seq;
        }

        writer.WriteVarBytes(validUtf8[i..]);
    }
}
