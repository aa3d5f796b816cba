namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// <c>Y.mergeUpdates</c> for v1 updates, byte for byte. yjs re-sorts all readers with V8's TimSort on every
/// step. Only the front reader moves per step, so as long as the comparator is consistent the same order is
/// kept by re-inserting that reader at its lower bound (before equal keys, where a stable sort puts it):
/// O(structs · log n) instead of O(structs · n). When a GC and an Item start at the same ID the yjs comparator
/// is inconsistent, and the order then depends on V8's exact algorithm, so those steps run
/// <see cref="JsArraySort"/> on the whole list.
/// </summary>
internal sealed class UpdateMerger : IDisposable
{
    private readonly StructWriter _writer;
    private readonly List<Input> _all;
    // Readers in reverse merge order: the front of the yjs order is the last element, so dropping it is O(1).
    private readonly List<Input> _order;
    private StructRecord _pend;
    private byte[] _pendSource = [];
    private ulong _pendOffset;
    private bool _hasPend;
    // Adjacent readers whose current structs are a GC and an Item at the same ID (see CompareLikeYjs).
    private int _mixedPairs;

    private UpdateMerger(IReadOnlyList<byte[]> updates)
    {
        long total = 0;
        var inputs = new List<Input>(updates.Count);
        for (int i = 0; i < updates.Count; i++)
        {
            byte[] data = updates[i] ?? throw new ArgumentException("Update list contains null", nameof(updates));
            total += data.Length;
            inputs.Add(new Input(data, StructCursor.Start(data, dropSkips: true)));
        }

        _writer = new StructWriter((int)Math.Min(total, 1 << 20));
        _all = inputs;
        // Kept in reverse: the physical list is the yjs order back to front.
        _order = new List<Input>(inputs.Count);
        for (int i = inputs.Count - 1; i >= 0; i--)
        {
            if (inputs[i].Cursor.HasCurrent)
            {
                _order.Add(inputs[i]);
            }
        }

        SortLikeYjs(front: null);
    }

    public static byte[] Merge(IReadOnlyList<byte[]> updates)
    {
        using var merger = new UpdateMerger(updates);
        return merger.Run();
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Consistent order: client descending, then clock ascending (ties are "equal").</summary>
    private static int Compare(Input a, Input b)
    {
        ref StructRecord x = ref a.Cursor.Current;
        ref StructRecord y = ref b.Cursor.Current;
        if (x.Client != y.Client)
        {
            return x.Client > y.Client ? -1 : 1; // higher clients first
        }

        return x.Clock.CompareTo(y.Clock);
    }

    /// <summary>
    /// yjs's own comparator, inconsistent on purpose here: for equal IDs a GC and an Item are each "less" than
    /// the other. Only its sign matters to the sort.
    /// </summary>
    private static int CompareLikeYjs(Input a, Input b)
    {
        ref StructRecord x = ref a.Cursor.Current;
        ref StructRecord y = ref b.Cursor.Current;
        if (x.Client != y.Client)
        {
            return y.Client > x.Client ? 1 : -1;
        }

        if (x.Clock != y.Clock)
        {
            return x.Clock < y.Clock ? -1 : 1;
        }

        return (x.Ref == StructRecord.GcRef) == (y.Ref == StructRecord.GcRef) ? 0 : -1;
    }

    /// <summary>True for neighbours whose comparison is the inconsistent case.</summary>
    private static bool Mixed(Input a, Input b)
    {
        ref StructRecord x = ref a.Cursor.Current;
        ref StructRecord y = ref b.Cursor.Current;
        return x.Client == y.Client && x.Clock == y.Clock && (x.Ref == StructRecord.GcRef) != (y.Ref == StructRecord.GcRef);
    }

    private byte[] Run()
    {
        while (_order.Count > 0)
        {
            int last = _order.Count - 1;
            Input r = _order[last];
            if (last > 0 && Mixed(r, _order[last - 1]))
            {
                _mixedPairs--; // r is about to move; its pair is recounted wherever it lands
            }

            Step(r);
            _order.RemoveAt(last);
            Reposition(r);
        }

        if (_hasPend)
        {
            _writer.Write(_pend, _pendSource, _pendOffset);
        }

        // Every reader is exhausted, so each cursor now points at its input's delete set.
        var ranges = new List<DeleteSetCodec.Range>();
        foreach (Input input in _all)
        {
            DeleteSetCodec.ReadToEnd(input.Data, input.Cursor.Position, ranges);
        }

        using var output = new Lib0Writer(_writer.BodyLength + 64 + (ranges.Count * 8));
        _writer.CopyTo(output);
        DeleteSetCodec.WriteMerged(output, ranges);
        return output.ToArray();
    }

    /// <summary>Puts the front reader back where yjs's next sort would.</summary>
    private void Reposition(Input r)
    {
        bool alive = r.Cursor.HasCurrent;
        if (_mixedPairs == 0)
        {
            if (!alive)
            {
                return; // the rest is sorted and a consistent sort would not move anything
            }

            int at = LowerBound(r);
            if (at == 0 || !Mixed(_order[at - 1], r))
            {
                _order.Insert(at, r);
                return;
            }
        }

        SortLikeYjs(alive ? r : null);
    }

    /// <summary>Index in the reversed list before every reader whose key is equal or greater.</summary>
    private int LowerBound(Input r)
    {
        int lo = 0;
        int hi = _order.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (Compare(_order[mid], r) >= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Runs V8's sort over [front, rest…] in yjs order and stores the result.</summary>
    private void SortLikeYjs(Input? front)
    {
        int n = _order.Count + (front is null ? 0 : 1);
        var logical = new Input[n];
        int k = 0;
        if (front is not null)
        {
            logical[k++] = front;
        }

        for (int i = _order.Count - 1; i >= 0; i--)
        {
            logical[k++] = _order[i];
        }

        JsArraySort.Sort(logical, n, CompareLikeYjs);
        _order.Clear();
        _mixedPairs = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            _order.Add(logical[i]);
            if (i < n - 1 && Mixed(logical[i], logical[i + 1]))
            {
                _mixedPairs++;
            }
        }
    }

    /// <summary>One iteration of yjs's merge loop on the front reader <paramref name="r"/>.</summary>
    private void Step(Input r)
    {
        ulong c = r.Cursor.Current.Client;
        if (!_hasPend)
        {
            TakePend(r, 0);
        }
        else
        {
            ulong pendEnd = _pend.End;
            bool moved = false;
            // Skip what the pending struct (or a higher client's output) already covers.
            while (r.Cursor.HasCurrent && r.Cursor.Current.End <= pendEnd && r.Cursor.Current.Client >= _pend.Client)
            {
                r.Advance();
                moved = true;
            }

            if (!r.Cursor.HasCurrent || r.Cursor.Current.Client != c || (moved && r.Cursor.Current.Clock > pendEnd))
            {
                return; // re-sort first: another reader may fill the gap
            }

            if (c != _pend.Client)
            {
                Flush();
                TakePend(r, 0);
            }
            else if (pendEnd < r.Cursor.Current.Clock)
            {
                // A hole: mark the unknown clocks with a Skip; the current struct is not consumed yet.
                Flush();
                _pend = StructRecord.Skip(c, pendEnd, r.Cursor.Current.Clock - pendEnd);
                _pendOffset = 0;
            }
            else
            {
                ulong d = pendEnd - r.Cursor.Current.Clock;
                if (_pend.Ref == StructRecord.GcRef && r.Cursor.Current.Ref == StructRecord.GcRef)
                {
                    // Only GC+GC coalesces; the reader is deliberately not advanced (as in yjs).
                    _pend.Length = r.Cursor.Current.End - _pend.Clock;
                }
                else
                {
                    Flush();
                    TakePend(r, d);
                }
            }
        }

        // Drain a contiguous run of the same client without re-sorting.
        while (r.Cursor.HasCurrent && r.Cursor.Current.Client == c && r.Cursor.Current.Clock == _pend.End)
        {
            Flush();
            TakePend(r, 0);
        }
    }

    private void TakePend(Input r, ulong offset)
    {
        _pend = r.Cursor.Current;
        _pendSource = r.Data;
        _pendOffset = offset;
        _hasPend = true;
        r.Advance();
    }

    private void Flush() => _writer.Write(_pend, _pendSource, _pendOffset);

    private sealed class Input(byte[] data, StructCursor cursor)
    {
        public readonly byte[] Data = data;
        public StructCursor Cursor = cursor;

        public void Advance() => Cursor.MoveNext(Data);
    }
}
