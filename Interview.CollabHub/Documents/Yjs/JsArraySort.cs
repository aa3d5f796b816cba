namespace Interview.CollabHub.Documents.Yjs;

/// <summary>
/// A replica of V8's <c>Array.prototype.sort</c> (TimSort, as in Node 20): the same runs, merges, galloping and —
/// what matters here — the same sequence and argument order of comparator calls.
/// </summary>
/// <remarks>
/// yjs's mergeUpdates sorts its readers with a comparator that is inconsistent for a GC and an Item starting at
/// the same ID (it answers "less than" both ways). The resulting order, and so the merged bytes, are whatever
/// V8's algorithm makes of that; reproducing them requires running the same algorithm, not just any stable sort.
/// </remarks>
internal static class JsArraySort
{
    private const int MinGallopWins = 7;

    /// <summary>Sorts <paramref name="a"/>[0..<paramref name="length"/>) in place exactly as V8 would.</summary>
    public static void Sort<T>(T[] a, int length, Comparison<T> compare)
    {
        if (length < 2)
        {
            return;
        }

        var state = new State<T>(a, compare);
        int remaining = length;
        int low = 0;
        int minRun = ComputeMinRunLength(remaining);
        while (remaining != 0)
        {
            int run = state.CountAndMakeRun(low, low + remaining);
            if (run < minRun)
            {
                int forced = Math.Min(minRun, remaining);
                state.BinaryInsertionSort(low, low + run, low + forced);
                run = forced;
            }

            state.PushRun(low, run);
            state.MergeCollapse();
            low += run;
            remaining -= run;
        }

        state.MergeForceCollapse();
    }

    private static int ComputeMinRunLength(int n)
    {
        int r = 0;
        while (n >= 64)
        {
            r |= n & 1;
            n >>= 1;
        }

        return n + r;
    }

    private sealed class State<T>(T[] a, Comparison<T> compare)
    {
        private readonly int[] _runBase = new int[85];
        private readonly int[] _runLength = new int[85];
        private int _runs;
        private int _minGallop = MinGallopWins;
        private T[] _temp = [];

        public void PushRun(int start, int length)
        {
            _runBase[_runs] = start;
            _runLength[_runs] = length;
            _runs++;
        }

        public void BinaryInsertionSort(int low, int start, int high)
        {
            if (start == low)
            {
                start++;
            }

            for (; start < high; start++)
            {
                int left = low;
                int right = start;
                T pivot = a[right];
                while (left < right)
                {
                    int mid = left + ((right - left) >> 1);
                    if (compare(pivot, a[mid]) < 0)
                    {
                        right = mid;
                    }
                    else
                    {
                        left = mid + 1;
                    }
                }

                Array.Copy(a, left, a, left + 1, start - left);
                a[left] = pivot;
            }
        }

        public int CountAndMakeRun(int lowArg, int high)
        {
            int low = lowArg + 1;
            if (low == high)
            {
                return 1;
            }

            int runLength = 2;
            bool descending = compare(a[low], a[low - 1]) < 0;
            T previous = a[low];
            for (int i = low + 1; i < high; i++)
            {
                T current = a[i];
                int order = compare(current, previous);
                if (descending ? order >= 0 : order < 0)
                {
                    break;
                }

                previous = current;
                runLength++;
            }

            if (descending)
            {
                Array.Reverse(a, lowArg, runLength);
            }

            return runLength;
        }

        public void MergeCollapse()
        {
            while (_runs > 1)
            {
                int n = _runs - 2;
                if (!InvariantHolds(n + 1) || !InvariantHolds(n))
                {
                    if (_runLength[n - 1] < _runLength[n + 1])
                    {
                        n--;
                    }

                    MergeAt(n);
                }
                else if (_runLength[n] <= _runLength[n + 1])
                {
                    MergeAt(n);
                }
                else
                {
                    break;
                }
            }
        }

        public void MergeForceCollapse()
        {
            while (_runs > 1)
            {
                int n = _runs - 2;
                if (n > 0 && _runLength[n - 1] < _runLength[n + 1])
                {
                    n--;
                }

                MergeAt(n);
            }
        }

        private bool InvariantHolds(int n) =>
            n < 2 || _runLength[n - 2] > _runLength[n - 1] + _runLength[n];

        private void MergeAt(int i)
        {
            int baseA = _runBase[i];
            int lengthA = _runLength[i];
            int baseB = _runBase[i + 1];
            int lengthB = _runLength[i + 1];
            _runLength[i] = lengthA + lengthB;
            if (i == _runs - 3)
            {
                _runBase[i + 1] = _runBase[i + 2];
                _runLength[i + 1] = _runLength[i + 2];
            }

            _runs--;

            int k = GallopRight(a, a[baseB], baseA, lengthA, 0);
            baseA += k;
            lengthA -= k;
            if (lengthA == 0)
            {
                return;
            }

            lengthB = GallopLeft(a, a[baseA + lengthA - 1], baseB, lengthB, lengthB - 1);
            if (lengthB == 0)
            {
                return;
            }

            if (lengthA <= lengthB)
            {
                MergeLow(baseA, lengthA, baseB, lengthB);
            }
            else
            {
                MergeHigh(baseA, lengthA, baseB, lengthB);
            }
        }

        // Position of key in the sorted slice, left of any equal elements (in the comparator's opinion).
        private int GallopLeft(T[] array, T key, int start, int length, int hint)
        {
            int lastOfs = 0;
            int offset = 1;
            if (compare(array[start + hint], key) < 0)
            {
                int maxOfs = length - hint;
                while (offset < maxOfs)
                {
                    if (compare(array[start + hint + offset], key) >= 0)
                    {
                        break;
                    }

                    lastOfs = offset;
                    offset = (offset << 1) + 1;
                    if (offset <= 0)
                    {
                        offset = maxOfs;
                    }
                }

                offset = Math.Min(offset, maxOfs);
                lastOfs += hint;
                offset += hint;
            }
            else
            {
                int maxOfs = hint + 1;
                while (offset < maxOfs)
                {
                    if (compare(array[start + hint - offset], key) < 0)
                    {
                        break;
                    }

                    lastOfs = offset;
                    offset = (offset << 1) + 1;
                    if (offset <= 0)
                    {
                        offset = maxOfs;
                    }
                }

                offset = Math.Min(offset, maxOfs);
                int tmp = lastOfs;
                lastOfs = hint - offset;
                offset = hint - tmp;
            }

            lastOfs++;
            while (lastOfs < offset)
            {
                int m = lastOfs + ((offset - lastOfs) >> 1);
                if (compare(array[start + m], key) < 0)
                {
                    lastOfs = m + 1;
                }
                else
                {
                    offset = m;
                }
            }

            return offset;
        }

        // Position of key in the sorted slice, right of any equal elements.
        private int GallopRight(T[] array, T key, int start, int length, int hint)
        {
            int lastOfs = 0;
            int offset = 1;
            if (compare(key, array[start + hint]) < 0)
            {
                int maxOfs = hint + 1;
                while (offset < maxOfs)
                {
                    if (compare(key, array[start + hint - offset]) >= 0)
                    {
                        break;
                    }

                    lastOfs = offset;
                    offset = (offset << 1) + 1;
                    if (offset <= 0)
                    {
                        offset = maxOfs;
                    }
                }

                offset = Math.Min(offset, maxOfs);
                int tmp = lastOfs;
                lastOfs = hint - offset;
                offset = hint - tmp;
            }
            else
            {
                int maxOfs = length - hint;
                while (offset < maxOfs)
                {
                    if (compare(key, array[start + hint + offset]) < 0)
                    {
                        break;
                    }

                    lastOfs = offset;
                    offset = (offset << 1) + 1;
                    if (offset <= 0)
                    {
                        offset = maxOfs;
                    }
                }

                offset = Math.Min(offset, maxOfs);
                lastOfs += hint;
                offset += hint;
            }

            lastOfs++;
            while (lastOfs < offset)
            {
                int m = lastOfs + ((offset - lastOfs) >> 1);
                if (compare(key, array[start + m]) < 0)
                {
                    offset = m;
                }
                else
                {
                    lastOfs = m + 1;
                }
            }

            return offset;
        }

        private T[] Temp(int size)
        {
            if (_temp.Length < size)
            {
                _temp = new T[Math.Max(32, size)];
            }

            return _temp;
        }

        // Merges run A (shorter, copied to temp) with run B, front to back.
        private void MergeLow(int baseA, int lengthA, int baseB, int lengthB)
        {
            T[] temp = Temp(lengthA);
            Array.Copy(a, baseA, temp, 0, lengthA);
            int dest = baseA;
            int cursorTemp = 0;
            int cursorB = baseB;
            a[dest++] = a[cursorB++];

            if (--lengthB == 0)
            {
                goto Succeed;
            }

            if (lengthA == 1)
            {
                goto CopyB;
            }

            int minGallop = _minGallop;
            while (true)
            {
                int winsA = 0;
                int winsB = 0;
                while (true)
                {
                    if (compare(a[cursorB], temp[cursorTemp]) < 0)
                    {
                        a[dest++] = a[cursorB++];
                        winsB++;
                        lengthB--;
                        winsA = 0;
                        if (lengthB == 0)
                        {
                            goto Succeed;
                        }

                        if (winsB >= minGallop)
                        {
                            break;
                        }
                    }
                    else
                    {
                        a[dest++] = temp[cursorTemp++];
                        winsA++;
                        lengthA--;
                        winsB = 0;
                        if (lengthA == 1)
                        {
                            goto CopyB;
                        }

                        if (winsA >= minGallop)
                        {
                            break;
                        }
                    }
                }

                minGallop++;
                bool first = true;
                while (winsA >= MinGallopWins || winsB >= MinGallopWins || first)
                {
                    first = false;
                    minGallop = Math.Max(1, minGallop - 1);
                    _minGallop = minGallop;

                    winsA = GallopRight(temp, a[cursorB], cursorTemp, lengthA, 0);
                    if (winsA > 0)
                    {
                        Array.Copy(temp, cursorTemp, a, dest, winsA);
                        dest += winsA;
                        cursorTemp += winsA;
                        lengthA -= winsA;
                        if (lengthA == 1)
                        {
                            goto CopyB;
                        }

                        if (lengthA == 0)
                        {
                            goto Succeed;
                        }
                    }

                    a[dest++] = a[cursorB++];
                    if (--lengthB == 0)
                    {
                        goto Succeed;
                    }

                    winsB = GallopLeft(a, temp[cursorTemp], cursorB, lengthB, 0);
                    if (winsB > 0)
                    {
                        Array.Copy(a, cursorB, a, dest, winsB);
                        dest += winsB;
                        cursorB += winsB;
                        lengthB -= winsB;
                        if (lengthB == 0)
                        {
                            goto Succeed;
                        }
                    }

                    a[dest++] = temp[cursorTemp++];
                    if (--lengthA == 1)
                    {
                        goto CopyB;
                    }
                }

                minGallop++;
                _minGallop = minGallop;
            }

        Succeed:
            if (lengthA > 0)
            {
                Array.Copy(temp, cursorTemp, a, dest, lengthA);
            }

            return;

        CopyB:
            Array.Copy(a, cursorB, a, dest, lengthB);
            a[dest + lengthB] = temp[cursorTemp];
        }

        // Merges run A with run B (shorter, copied to temp), back to front.
        private void MergeHigh(int baseA, int lengthA, int baseB, int lengthB)
        {
            T[] temp = Temp(lengthB);
            Array.Copy(a, baseB, temp, 0, lengthB);
            int dest = baseB + lengthB - 1;
            int cursorTemp = lengthB - 1;
            int cursorA = baseA + lengthA - 1;
            a[dest--] = a[cursorA--];

            if (--lengthA == 0)
            {
                goto Succeed;
            }

            if (lengthB == 1)
            {
                goto CopyA;
            }

            int minGallop = _minGallop;
            while (true)
            {
                int winsA = 0;
                int winsB = 0;
                while (true)
                {
                    if (compare(temp[cursorTemp], a[cursorA]) < 0)
                    {
                        a[dest--] = a[cursorA--];
                        winsA++;
                        lengthA--;
                        winsB = 0;
                        if (lengthA == 0)
                        {
                            goto Succeed;
                        }

                        if (winsA >= minGallop)
                        {
                            break;
                        }
                    }
                    else
                    {
                        a[dest--] = temp[cursorTemp--];
                        winsB++;
                        lengthB--;
                        winsA = 0;
                        if (lengthB == 1)
                        {
                            goto CopyA;
                        }

                        if (winsB >= minGallop)
                        {
                            break;
                        }
                    }
                }

                minGallop++;
                bool first = true;
                while (winsA >= MinGallopWins || winsB >= MinGallopWins || first)
                {
                    first = false;
                    minGallop = Math.Max(1, minGallop - 1);
                    _minGallop = minGallop;

                    int k = GallopRight(a, temp[cursorTemp], baseA, lengthA, lengthA - 1);
                    winsA = lengthA - k;
                    if (winsA > 0)
                    {
                        dest -= winsA;
                        cursorA -= winsA;
                        Array.Copy(a, cursorA + 1, a, dest + 1, winsA);
                        lengthA -= winsA;
                        if (lengthA == 0)
                        {
                            goto Succeed;
                        }
                    }

                    a[dest--] = temp[cursorTemp--];
                    if (--lengthB == 1)
                    {
                        goto CopyA;
                    }

                    k = GallopLeft(temp, a[cursorA], 0, lengthB, lengthB - 1);
                    winsB = lengthB - k;
                    if (winsB > 0)
                    {
                        dest -= winsB;
                        cursorTemp -= winsB;
                        Array.Copy(temp, cursorTemp + 1, a, dest + 1, winsB);
                        lengthB -= winsB;
                        if (lengthB == 1)
                        {
                            goto CopyA;
                        }

                        if (lengthB == 0)
                        {
                            goto Succeed;
                        }
                    }

                    a[dest--] = a[cursorA--];
                    if (--lengthA == 0)
                    {
                        goto Succeed;
                    }
                }

                minGallop++;
                _minGallop = minGallop;
            }

        Succeed:
            if (lengthB > 0)
            {
                Array.Copy(temp, 0, a, dest - (lengthB - 1), lengthB);
            }

            return;

        CopyA:
            dest -= lengthA;
            cursorA -= lengthA;
            Array.Copy(a, cursorA + 1, a, dest + 1, lengthA);
            a[dest] = temp[cursorTemp];
        }
    }
}
