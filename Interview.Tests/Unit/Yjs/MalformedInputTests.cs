using Interview.CollabHub.Documents.Yjs;

namespace Interview.Tests.Unit.Yjs;

/// <summary>
/// Hostile or broken bytes must only ever produce <see cref="InvalidUpdateException"/> — never another exception
/// type, a huge allocation or a hang — because the server runs these functions on untrusted client input.
/// </summary>
public class MalformedInputTests
{
    private static readonly byte[][] ValidUpdates =
    [
        Hex.Bytes("01 01 01 00 04 01 04 74 65 78 74 03 61 62 63 00"),
        Hex.Bytes("01 03 01 00 04 01 04 74 65 78 74 01 61 81 01 00 02 84 01 02 01 64 01 01 01 01 02"),
        Hex.Bytes("01 02 03 00 21 01 01 6d 01 6b 02 a8 03 01 01 7d 03 01 03 01 00 02"),
        Hex.Bytes("01 01 07 00 04 01 01 74 06 78 f0 9f 98 80 79 00"),
        Hex.Bytes("01 03 05 00 04 01 01 74 02 61 62 0a 02 84 05 03 02 65 66 00"),
        // Any content with nested object/array/binary, a Type (XmlElement) and a Doc, under client 2^32 - 1
        Hex.Bytes("01 03 ff ff ff ff 0f 00 28 01 01 6d 01 6b 01 76 02 01 61 75 02 7d 01 74 01 09 01 62 7b 3f f1 99 99 99 99 99 9a" +
                  " 87 ff ff ff ff 0f 00 03 01 70 89 ff ff ff ff 0f 01 03 67 75 69 76 00 00"),
    ];

    private static readonly byte[] ValidStateVector = Hex.Bytes("02 07 02 01 03");

    public static TheoryData<int> ValidUpdateIndexes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < ValidUpdates.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidUpdateIndexes))]
    public void Fixtures_are_valid(int index)
    {
        byte[] update = ValidUpdates[index];
        YUpdate.Validate(update);
        _ = YUpdate.MergeUpdates([update, update]);
        _ = YUpdate.DiffUpdate(update, ValidStateVector);
        _ = YUpdate.EncodeStateVectorFromUpdate(update);
    }

    [Theory]
    [MemberData(nameof(ValidUpdateIndexes))]
    public void Every_truncation_is_rejected_by_every_operation(int index)
    {
        byte[] update = ValidUpdates[index];
        for (int len = 0; len < update.Length; len++)
        {
            byte[] cut = update[..len];
            AssertInvalid(() => YUpdate.Validate(cut), index, len);
            AssertInvalid(() => YUpdate.MergeUpdates([update, cut]), index, len);
            AssertInvalid(() => YUpdate.MergeUpdates([cut]), index, len);
            AssertInvalid(() => YUpdate.DiffUpdate(cut, ValidStateVector), index, len);
            AssertInvalid(() => YUpdate.EncodeStateVectorFromUpdate(cut), index, len);
            Assert.False(YUpdate.TryValidate(cut, out string? error));
            Assert.NotNull(error);
        }
    }

    [Theory]
    [MemberData(nameof(ValidUpdateIndexes))]
    public void Trailing_bytes_are_rejected(int index)
    {
        byte[] update = [.. ValidUpdates[index], 0x00];
        AssertInvalid(() => YUpdate.Validate(update), index, update.Length);
        AssertInvalid(() => YUpdate.MergeUpdates([update, update]), index, update.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_bytes_only_throw_invalid_update(int seed)
    {
        var rng = new Random(seed);
        RunBounded(() =>
        {
            for (int i = 0; i < 1500; i++)
            {
                byte[] junk = new byte[rng.Next(0, 64)];
                rng.NextBytes(junk);
                ExpectOnlyInvalid(() => YUpdate.Validate(junk), seed, i);
                ExpectOnlyInvalid(() => YUpdate.MergeUpdates([junk, ValidUpdates[0]]), seed, i);
                ExpectOnlyInvalid(() => YUpdate.DiffUpdate(junk, YStateVector.Empty), seed, i);
                ExpectOnlyInvalid(() => YUpdate.EncodeStateVectorFromUpdate(junk), seed, i);
                ExpectOnlyInvalid(() => YStateVector.Decode(junk), seed, i);
                ExpectOnlyInvalid(() => YAwareness.Decode(junk), seed, i);
            }
        });
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Mutated_valid_updates_only_throw_invalid_update(int seed)
    {
        var rng = new Random(seed);
        RunBounded(() =>
        {
            for (int i = 0; i < 2000; i++)
            {
                byte[] update = (byte[])ValidUpdates[rng.Next(ValidUpdates.Length)].Clone();
                int flips = rng.Next(1, 4);
                for (int f = 0; f < flips; f++)
                {
                    update[rng.Next(update.Length)] = (byte)rng.Next(256);
                }

                // Whatever parses must also merge/diff without any other failure.
                ExpectOnlyInvalid(() => YUpdate.Validate(update), seed, i);
                ExpectOnlyInvalid(() => YUpdate.MergeUpdates([update, ValidUpdates[rng.Next(ValidUpdates.Length)]]), seed, i);
                ExpectOnlyInvalid(() => YUpdate.MergeUpdates([ValidUpdates[rng.Next(ValidUpdates.Length)], update, update]), seed, i);
                ExpectOnlyInvalid(() => YUpdate.DiffUpdate(update, YStateVector.Encode([new(1, (ulong)rng.Next(0, 5))])), seed, i);
                ExpectOnlyInvalid(() => YUpdate.EncodeStateVectorFromUpdate(update), seed, i);
            }
        });
    }

    [Theory]
    [InlineData("ff ff ff ff 0f")] // 2^32 - 1 sections in five bytes
    [InlineData("01 ff ff ff ff 0f 01 00 00 05")] // 2^32 - 1 structs
    [InlineData("01 01 01 00 04 01 04 74 65 78 74 ff ff ff 7f 61 00")] // string length past the end
    [InlineData("01 01 01 00 03 01 01 74 ff ff ff ff ff ff ff 0f 00")] // binary length 2^53 - 1
    [InlineData("01 01 01 00 08 01 01 74 ff ff ff 7f 7e 00")] // Any count past the end
    [InlineData("01 01 01 00 02 01 01 74 ff ff 03 01 31 00")] // JSON count past the end
    [InlineData("00 ff ff ff ff 0f 01 01")] // delete-set clients
    [InlineData("00 01 01 ff ff ff ff 0f 00 01")] // delete-set ranges
    [InlineData("01 01 01 ff ff ff ff ff ff ff 0f 00 05 00")] // clock + length beyond 2^53 - 1
    [InlineData("00 01 01 01 ff ff ff ff ff ff ff 0f 05")] // delete range beyond 2^53 - 1
    public void Absurd_declared_sizes_are_rejected_quickly(string hex)
    {
        byte[] update = Hex.Bytes(hex);
        RunBounded(() =>
        {
            AssertInvalid(() => YUpdate.Validate(update), 0, update.Length);
            AssertInvalid(() => YUpdate.MergeUpdates([update, update]), 0, update.Length);
            AssertInvalid(() => YUpdate.DiffUpdate(update, YStateVector.Empty), 0, update.Length);
        });
    }

    [Theory]
    [InlineData("01 01 01 00 00 00 00", "zero-length GC")]
    [InlineData("01 01 01 00 0a 00 00", "zero-length Skip")]
    [InlineData("01 01 01 00 01 01 01 74 00 00", "zero-length Deleted")]
    [InlineData("01 01 01 00 04 01 01 74 00 00", "empty String")]
    [InlineData("01 01 01 00 80 05 00", "flags on GC")]
    [InlineData("01 01 01 00 8a 01 00 05 00", "flags on Skip")]
    [InlineData("01 01 01 00 0b 01 01 74 00 00", "content ref 11")]
    [InlineData("01 01 01 00 07 01 01 74 07 00", "type ref 7")]
    [InlineData("01 01 01 00 04 02 01 74 01 61 00", "parent info 2")]
    [InlineData("01 01 01 00 05 01 01 74 03 7b 61 7d 00", "embed with invalid JSON")]
    [InlineData("01 01 01 00 06 01 01 74 01 62 00 00", "format with empty JSON")]
    [InlineData("01 01 01 00 02 01 01 74 01 05 7b 7d 20 7b 7d 00", "JSON content with two values in one element")]
    [InlineData("01 01 01 00 09 01 01 74 01 67 7d 01 00", "doc options not an object")]
    [InlineData("01 01 01 00 08 01 01 74 01 73 00", "Any tag 115")]
    [InlineData("01 01 01 00 04 01 01 74 02 c3 28 00", "invalid UTF-8 text")]
    [InlineData("01 01 01 00 04 01 02 c3 28 01 61 00", "invalid UTF-8 root name")]
    [InlineData("01 01 01 80 80 00 04 01 01 74 01 61 00", "overlong clock")]
    public void Semantically_malformed_structs_are_rejected(string hex, string why)
    {
        byte[] update = Hex.Bytes(hex);
        Assert.False(YUpdate.TryValidate(update, out string? error), why);
        Assert.NotNull(error);
        AssertInvalid(() => YUpdate.MergeUpdates([update, update]), 0, 0);
    }

    [Fact]
    public void Deeply_nested_any_content_is_rejected_without_stack_overflow()
    {
        var w = new List<byte> { 0x01, 0x01, 0x01, 0x00, 0x08, 0x01, 0x01, 0x74, 0x01 };
        for (int i = 0; i < 100_000; i++)
        {
            w.Add(0x75);
            w.Add(0x01);
        }

        w.Add(0x7e);
        w.Add(0x00);
        byte[] update = [.. w];
        AssertInvalid(() => YUpdate.Validate(update), 0, 0);
    }

    private static void AssertInvalid(Action action, int fixture, int length)
    {
        Exception? ex = Record.Exception(action);
        Assert.True(ex is InvalidUpdateException,
            $"fixture {fixture}, length {length}: expected InvalidUpdateException, got {ex?.GetType().Name ?? "no exception"}: {ex}");
    }

    private static void ExpectOnlyInvalid(Action action, int seed, int iteration)
    {
        Exception? ex = Record.Exception(action);
        Assert.True(ex is null or InvalidUpdateException,
            $"seed {seed}, iteration {iteration}: unexpected {ex?.GetType().Name}: {ex}");
    }

    /// <summary>Runs <paramref name="body"/> on another thread so a hang fails the test instead of the run.</summary>
    private static void RunBounded(Action body)
    {
        Task task = Task.Run(body);
        Assert.True(task.Wait(TimeSpan.FromSeconds(30)), "operation did not finish within 30 s (possible hang)");
        task.GetAwaiter().GetResult();
    }
}
