namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// yjs's LazyStructWriter: collects structs into per-client sections (a new section whenever the client
/// changes) and assembles the struct part once the section sizes are known.
/// </summary>
internal sealed class StructWriter : IDisposable
{
    private readonly Lib0Writer _body;
    private readonly List<Section> _sections = [];
    private bool _open;
    private Section _current;

    public StructWriter(int capacityHint)
    {
        _body = new Lib0Writer(capacityHint);
    }

    /// <summary>Encodes <paramref name="s"/> from <paramref name="offset"/> clock units on (0 = whole struct).</summary>
    public void Write(in StructRecord s, ReadOnlySpan<byte> source, ulong offset)
    {
        if (_open && _current.Client != s.Client)
        {
            CloseSection();
        }

        if (!_open)
        {
            _open = true;
            _current = new Section(s.Client, s.Clock + offset, 0, _body.Length);
        }

        StructEncoder.Encode(_body, s, source, offset);
        _current.Count++;
    }

    /// <summary>Writes the whole struct section (section count, headers and bodies) to <paramref name="output"/>.</summary>
    public void CopyTo(Lib0Writer output)
    {
        if (_open)
        {
            CloseSection();
        }

        ReadOnlySpan<byte> body = _body.WrittenSpan;
        output.WriteVarUint((ulong)_sections.Count);
        foreach (Section section in _sections)
        {
            output.WriteVarUint((ulong)section.Count);
            output.WriteVarUint(section.Client);
            output.WriteVarUint(section.FirstClock);
            output.WriteBytes(body[section.Start..section.End]);
        }
    }

    /// <summary>Approximate size of the struct part, for sizing the final buffer.</summary>
    public int BodyLength => _body.Length;

    public void Dispose() => _body.Dispose();

    private void CloseSection()
    {
        _current.End = _body.Length;
        _sections.Add(_current);
        _open = false;
    }

    private struct Section(ulong client, ulong firstClock, int count, int start)
    {
        public ulong Client = client;
        public ulong FirstClock = firstClock;
        public int Count = count;
        public int Start = start;
        public int End;
    }
}
