namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// Lazy walk over the struct section of a v1 update (yjs's LazyStructReader). It keeps only positions, so the
/// same cursor works for callers holding a span (validate/diff) or an array (merge keeps one per input).
/// </summary>
internal struct StructCursor
{
    private int _pos;
    private int _sectionsLeft;
    private int _structsLeft;
    private ulong _client;
    private ulong _clock;
    private readonly bool _dropSkips;

    /// <summary>The struct the cursor is on; valid while <see cref="HasCurrent"/>.</summary>
    public StructRecord Current;

    private StructCursor(int pos, int sections, bool dropSkips)
    {
        _pos = pos;
        _sectionsLeft = sections;
        _dropSkips = dropSkips;
    }

    /// <summary>False once every struct was read; the delete set then starts at <see cref="Position"/>.</summary>
    public bool HasCurrent { get; private set; }

    /// <summary>Read position in the source (the delete-set start once exhausted).</summary>
    public readonly int Position => _pos;

    /// <summary>Reads the section count and positions on the first struct.</summary>
    public static StructCursor Start(ReadOnlySpan<byte> data, bool dropSkips)
    {
        var reader = new Lib0Reader(data);
        // A section header needs at least three bytes (count, client, clock).
        int sections = reader.ReadCount(3);
        var cursor = new StructCursor(reader.Position, sections, dropSkips);
        cursor.MoveNext(data);
        return cursor;
    }

    /// <summary>Advances to the next struct (skipping Skips if asked); returns <see cref="HasCurrent"/>.</summary>
    public bool MoveNext(ReadOnlySpan<byte> data)
    {
        var reader = new Lib0Reader(data, _pos);
        while (true)
        {
            if (_structsLeft == 0)
            {
                if (_sectionsLeft == 0)
                {
                    HasCurrent = false;
                    _pos = reader.Position;
                    return false;
                }

                _sectionsLeft--;
                // Every struct needs at least two bytes (info + one varUint).
                _structsLeft = reader.ReadCount(2);
                _client = reader.ReadVarUint();
                _clock = reader.ReadVarUint();
                continue;
            }

            _structsLeft--;
            StructParser.Read(ref reader, _client, _clock, out Current);
            _clock += Current.Length;
            if (_dropSkips && Current.Ref == StructRecord.SkipRef)
            {
                continue;
            }

            HasCurrent = true;
            _pos = reader.Position;
            return true;
        }
    }
}
