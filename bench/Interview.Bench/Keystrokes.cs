using System.Text;

namespace Interview.Bench;

/// <summary>
/// Yjs v1 updates for typing at the end of the <c>code</c> text, one character each, built directly from
/// the update format so the benchmark needs no JavaScript runtime.
/// </summary>
public static class Keystrokes
{
    public static byte[][] Type(ulong client, int count, char first = 'a')
    {
        var updates = new byte[count][];
        for (var clock = 0; clock < count; clock++)
        {
            var key = (char)(first + clock % 26);
            var bytes = new List<byte> { 1, 1 }; // one client section holding one struct
            VarUint(bytes, client);
            VarUint(bytes, (ulong)clock);
            if (clock == 0)
            {
                bytes.Add(0x04); // string content, no origins: the parent follows
                bytes.Add(1);    // parent is a root type, named:
                VarString(bytes, "code");
            }
            else
            {
                bytes.Add(0x84); // string content after an origin: our previous character
                VarUint(bytes, client);
                VarUint(bytes, (ulong)clock - 1);
            }
            VarString(bytes, key.ToString());
            bytes.Add(0); // empty delete set
            updates[clock] = [.. bytes];
        }
        return updates;
    }

    private static void VarUint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
    }

    private static void VarString(List<byte> bytes, string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        VarUint(bytes, (ulong)utf8.Length);
        bytes.AddRange(utf8);
    }
}
