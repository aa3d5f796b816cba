using System.Text;
using System.Text.Unicode;

namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// Bounds-checked reader for lib0 binary primitives (varUint, varInt, varString, byte buffers, Any) over a span.
/// Every failure — truncation, out-of-range numbers, invalid UTF-8, unknown Any tags, excessive nesting —
/// surfaces as <see cref="InvalidUpdateException"/>; nothing here allocates for skipped values.
/// </summary>
/// <remarks>
/// Stricter than lib0 in two ways that yjs writers never trip over: numbers above 2^53 − 1 and overlong
/// (non-minimal) varUint/varInt encodings are rejected. Minimal encodings make "copy the bytes" and
/// "re-encode the value" equivalent, which the merge/diff writers rely on.
/// </remarks>
public ref struct Lib0Reader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    /// <summary>Creates a reader positioned at <paramref name="position"/>.</summary>
    public Lib0Reader(ReadOnlySpan<byte> data, int position = 0)
    {
        if ((uint)position > (uint)data.Length)
        {
            throw new InvalidUpdateException("Reader position outside the input", position);
        }

        _data = data;
        _pos = position;
    }

    /// <summary>Current byte offset.</summary>
    public readonly int Position => _pos;

    /// <summary>Bytes left to read.</summary>
    public readonly int Remaining => _data.Length - _pos;

    /// <summary>True once every byte was consumed.</summary>
    public readonly bool IsAtEnd => _pos == _data.Length;

    /// <summary>Throws unless every byte was consumed (trailing garbage is rejected, unlike yjs).</summary>
    public readonly void ExpectEnd()
    {
        if (_pos != _data.Length)
        {
            throw new InvalidUpdateException($"{_data.Length - _pos} unexpected trailing byte(s)", _pos);
        }
    }

    /// <summary>Reads one byte.</summary>
    public byte ReadByte()
    {
        if (_pos >= _data.Length)
        {
            throw Truncated();
        }

        return _data[_pos++];
    }

    /// <summary>Returns the next byte without consuming it.</summary>
    public readonly byte PeekByte()
    {
        if (_pos >= _data.Length)
        {
            throw Truncated();
        }

        return _data[_pos];
    }

    /// <summary>Reads an unsigned LEB128 number (at most 2^53 − 1, minimal encoding).</summary>
    public ulong ReadVarUint()
    {
        int start = _pos;
        ulong value = 0;
        int shift = 0;
        while (true)
        {
            if (_pos >= _data.Length)
            {
                throw Truncated();
            }

            byte b = _data[_pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                // A zero final byte after a continuation adds nothing: the encoding is not minimal.
                if (b == 0 && shift > 0)
                {
                    throw new InvalidUpdateException("Overlong varUint encoding", start);
                }

                break;
            }

            shift += 7;
            if (shift > 49)
            {
                // 8 groups = 56 bits already exceed 2^53; a ninth byte can never be valid.
                throw new InvalidUpdateException("varUint exceeds 2^53 - 1", start);
            }
        }

        if (value > Lib0Limits.MaxSafeInteger)
        {
            throw new InvalidUpdateException("varUint exceeds 2^53 - 1", start);
        }

        return value;
    }

    /// <summary>
    /// Reads a varUint that counts elements, each needing at least <paramref name="minBytesPerElement"/> bytes,
    /// and rejects counts that cannot possibly fit in the remaining input (cheap defence against absurd lengths).
    /// </summary>
    public int ReadCount(int minBytesPerElement)
    {
        int start = _pos;
        ulong n = ReadVarUint();
        if (n > (ulong)Remaining / (ulong)Math.Max(1, minBytesPerElement))
        {
            throw new InvalidUpdateException($"Declared count {n} does not fit in the remaining {Remaining} byte(s)", start);
        }

        return (int)n;
    }

    /// <summary>
    /// Reads a lib0 varInt (sign-magnitude: first byte carries 6 bits plus a sign bit). −0 reads as 0;
    /// use <see cref="SkipVarInt"/> when only validation is needed.
    /// </summary>
    public long ReadVarInt()
    {
        int start = _pos;
        byte b = ReadByte();
        ulong magnitude = (ulong)(b & 0x3F);
        bool negative = (b & 0x40) != 0;
        int shift = 6;
        while ((b & 0x80) != 0)
        {
            if (shift >= 55)
            {
                // 6 + 7×7 = 55 bits already cover 2^53; another group can never be valid.
                throw new InvalidUpdateException("varInt exceeds 2^53 - 1", start);
            }

            if (_pos >= _data.Length)
            {
                throw Truncated();
            }

            b = _data[_pos++];
            magnitude |= (ulong)(b & 0x7F) << shift;
            if (b == 0)
            {
                throw new InvalidUpdateException("Overlong varInt encoding", start);
            }

            shift += 7;
        }

        if (magnitude > Lib0Limits.MaxSafeInteger)
        {
            throw new InvalidUpdateException("varInt exceeds 2^53 - 1", start);
        }

        return negative ? -(long)magnitude : (long)magnitude;
    }

    /// <summary>Validates and skips a varInt.</summary>
    public void SkipVarInt() => _ = ReadVarInt();

    /// <summary>Reads exactly <paramref name="count"/> raw bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new InvalidUpdateException($"Declared length {count} exceeds the remaining {Remaining} byte(s)", _pos);
        }

        ReadOnlySpan<byte> slice = _data.Slice(_pos, count);
        _pos += count;
        return slice;
    }

    /// <summary>Reads a varUint length followed by that many raw bytes (lib0 varUint8Array).</summary>
    public ReadOnlySpan<byte> ReadVarBytes()
    {
        int start = _pos;
        ulong len = ReadVarUint();
        if (len > (ulong)Remaining)
        {
            throw new InvalidUpdateException($"Declared length {len} exceeds the remaining {Remaining} byte(s)", start);
        }

        return ReadBytes((int)len);
    }

    /// <summary>
    /// Reads a varString and returns its UTF-8 bytes after strict validation (the JS decoder is fatal on invalid
    /// UTF-8, including encoded surrogates and overlong forms; a BOM is kept as content).
    /// </summary>
    public ReadOnlySpan<byte> ReadVarStringUtf8()
    {
        int start = _pos;
        ReadOnlySpan<byte> bytes = ReadVarBytes();
        if (!Utf8.IsValid(bytes))
        {
            throw new InvalidUpdateException("String is not valid UTF-8", start);
        }

        return bytes;
    }

    /// <summary>Reads a varString as a .NET string (strict UTF-8).</summary>
    public string ReadVarString() => Encoding.UTF8.GetString(ReadVarStringUtf8());

    /// <summary>Validates and skips one lib0 <c>Any</c> value, bounded by <see cref="Lib0Limits.MaxNestingDepth"/>.</summary>
    public void SkipAny() => SkipAny(0);

    private void SkipAny(int depth)
    {
        int start = _pos;
        byte tag = ReadByte();
        switch (tag)
        {
            case 127: // undefined
            case 126: // null
            case 121: // false
            case 120: // true
                return;
            case 125:
                SkipVarInt();
                return;
            case 124:
                _ = ReadBytes(4);
                return;
            case 123:
            case 122:
                _ = ReadBytes(8);
                return;
            case 119:
                _ = ReadVarStringUtf8();
                return;
            case 118:
                {
                    EnterNested(depth, start);
                    // Each entry needs at least a key length byte and a value tag byte.
                    int n = ReadCount(2);
                    for (int i = 0; i < n; i++)
                    {
                        _ = ReadVarStringUtf8();
                        SkipAny(depth + 1);
                    }

                    return;
                }

            case 117:
                {
                    EnterNested(depth, start);
                    int n = ReadCount(1);
                    for (int i = 0; i < n; i++)
                    {
                        SkipAny(depth + 1);
                    }

                    return;
                }

            case 116:
                _ = ReadVarBytes();
                return;
            default:
                throw new InvalidUpdateException($"Unknown Any tag {tag}", start);
        }
    }

    private static void EnterNested(int depth, int position)
    {
        if (depth >= Lib0Limits.MaxNestingDepth)
        {
            throw new InvalidUpdateException("Any value nested too deeply", position);
        }
    }

    private readonly InvalidUpdateException Truncated() =>
        new("Unexpected end of data", _pos);
}
