using System.Buffers;
using System.Text;

namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// Growable lib0 encoder backed by <see cref="ArrayPool{T}"/>. Dispose it to return the buffer; call
/// <see cref="ToArray"/> first to keep the result.
/// </summary>
public sealed class Lib0Writer : IDisposable
{
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a writer with at least <paramref name="initialCapacity"/> bytes of room.</summary>
    public Lib0Writer(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(16, initialCapacity));
    }

    /// <summary>Number of bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far (valid until the next write or dispose).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Forgets what was written, keeping the buffer for reuse.</summary>
    public void Reset() => _length = 0;

    /// <summary>Writes one byte.</summary>
    public void WriteByte(byte value)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = value;
    }

    /// <summary>Writes an unsigned LEB128 number (minimal encoding).</summary>
    public void WriteVarUint(ulong value)
    {
        EnsureRoom(10);
        while (value > 0x7F)
        {
            _buffer[_length++] = (byte)(0x80 | (value & 0x7F));
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    /// <summary>
    /// Writes a lib0 varInt (sign-magnitude, 6 data bits in the first byte). Use
    /// <paramref name="negativeZero"/> to reproduce JS's <c>-0</c> (<c>40</c>).
    /// </summary>
    public void WriteVarInt(long value, bool negativeZero = false)
    {
        EnsureRoom(11);
        bool negative = value < 0 || (value == 0 && negativeZero);
        ulong magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        byte first = (byte)((magnitude & 0x3F) | (negative ? 0x40UL : 0UL));
        magnitude >>= 6;
        if (magnitude > 0)
        {
            first |= 0x80;
        }

        _buffer[_length++] = first;
        while (magnitude > 0)
        {
            byte b = (byte)(magnitude & 0x7F);
            magnitude >>= 7;
            if (magnitude > 0)
            {
                b |= 0x80;
            }

            _buffer[_length++] = b;
        }
    }

    /// <summary>Writes raw bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        EnsureRoom(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Writes a varUint length then the bytes (lib0 varUint8Array).</summary>
    public void WriteVarBytes(ReadOnlySpan<byte> bytes)
    {
        WriteVarUint((ulong)bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>
    /// Writes a varString. Lone UTF-16 surrogates become U+FFFD (<c>ef bf bd</c>), exactly like JS TextEncoder,
    /// because <see cref="Encoding.UTF8"/> uses a replacement fallback.
    /// </summary>
    public void WriteVarString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        EnsureRoom(max + 10);
        int count = Encoding.UTF8.GetByteCount(value);
        WriteVarUint((ulong)count);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    /// <summary>Copies the written bytes into a new exact-size array.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void EnsureRoom(int extra)
    {
        if (_buffer.Length - _length < extra)
        {
            Grow(extra);
        }
    }

    private void Grow(int extra)
    {
        long wanted = Math.Max((long)_buffer.Length * 2, (long)_length + extra);
        if (wanted > Array.MaxLength)
        {
            wanted = (long)_length + extra;
            if (wanted > Array.MaxLength)
            {
                throw new InvalidOperationException("Encoded output would exceed the maximum array size");
            }
        }

        byte[] next = ArrayPool<byte>.Shared.Rent((int)wanted);
        _buffer.AsSpan(0, _length).CopyTo(next);
        byte[] old = _buffer;
        _buffer = next;
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }
}
