using Interview.CollabHub.Documents.Yjs;

namespace Interview.Tests.Unit.Yjs;

/// <summary>The worked examples of docs/yjs-format.md (all produced by yjs 13.6.33).</summary>
public class WorkedExampleTests
{
    private const string InsertAbc = "01 01 01 00 04 01 04 74 65 78 74 03 61 62 63 00";
    private const string InsertD = "01 01 01 03 84 01 02 01 64 00";
    private const string DeleteBc = "00 01 01 01 01 02";
    private const string FullAfterwards = "01 03 01 00 04 01 04 74 65 78 74 01 61 81 01 00 02 84 01 02 01 64 01 01 01 01 02";
    private const string MapSets = "01 02 03 00 21 01 01 6d 01 6b 02 a8 03 01 01 7d 03 01 03 01 00 02";
    private const string Emoji = "01 01 07 00 04 01 01 74 06 78 f0 9f 98 80 79 00";

    [Theory]
    [InlineData("00 00")]
    [InlineData(InsertAbc)]
    [InlineData(InsertD)]
    [InlineData(DeleteBc)]
    [InlineData(FullAfterwards)]
    [InlineData(MapSets)]
    [InlineData(Emoji)]
    public void Examples_are_valid_updates(string hex)
    {
        YUpdate.Validate(Hex.Bytes(hex));
        Assert.True(YUpdate.TryValidate(Hex.Bytes(hex), out string? error), error);
    }

    [Theory]
    [InlineData("00 00", "00")]
    [InlineData(InsertAbc, "01 01 03")]
    [InlineData(InsertD, "00")] // starts at clock 3: absent
    [InlineData(FullAfterwards, "01 01 04")]
    [InlineData(MapSets, "01 03 03")]
    [InlineData(Emoji, "01 07 04")]
    public void State_vector_from_update(string update, string expected) =>
        Assert.Equal(expected, Hex.Of(YUpdate.EncodeStateVectorFromUpdate(Hex.Bytes(update))));

    [Fact]
    public void Diff_inside_a_surrogate_pair_starts_with_replacement_character()
    {
        byte[] sv = YStateVector.Encode([new(7, 2)]);
        Assert.Equal("01 07 02", Hex.Of(sv));
        Assert.Equal("01 01 07 02 84 07 01 04 ef bf bd 79 00", Hex.Of(YUpdate.DiffUpdate(Hex.Bytes(Emoji), sv)));
    }

    [Fact]
    public void Diff_against_everything_keeps_only_the_delete_set()
    {
        byte[] full = Hex.Bytes(FullAfterwards);
        byte[] diff = YUpdate.DiffUpdate(full, YUpdate.EncodeStateVectorFromUpdate(full));
        Assert.Equal("00 01 01 01 01 02", Hex.Of(diff));
    }

    [Fact]
    public void Merge_with_a_gap_writes_a_skip()
    {
        byte[] ab = Hex.Bytes("01 01 05 00 04 01 01 74 02 61 62 00");
        byte[] ef = Hex.Bytes("01 01 05 04 84 05 03 02 65 66 00");
        Assert.Equal(
            "01 03 05 00 04 01 01 74 02 61 62 0a 02 84 05 03 02 65 66 00",
            Hex.Of(YUpdate.MergeUpdates([ab, ef])));
        Assert.Equal("01 05 02", Hex.Of(YUpdate.EncodeStateVectorFromUpdate(YUpdate.MergeUpdates([ab, ef]))));
    }

    [Fact]
    public void Merge_of_the_edit_sequence_keeps_items_separate()
    {
        byte[] merged = YUpdate.MergeUpdates([Hex.Bytes(InsertAbc), Hex.Bytes(InsertD), Hex.Bytes(DeleteBc)]);
        Assert.Equal("01 02 01 00 04 01 04 74 65 78 74 03 61 62 63 84 01 02 01 64 01 01 01 01 02", Hex.Of(merged));
    }

    [Fact]
    public void Merge_edge_cases()
    {
        Assert.Equal("00 00", Hex.Of(YUpdate.MergeUpdates([])));
        byte[] only = Hex.Bytes(MapSets);
        Assert.Same(only, YUpdate.MergeUpdates([only]));
    }

    [Fact]
    public void Remerging_clears_the_parent_sub_flag_of_items_read_with_an_origin()
    {
        byte[] map = Hex.Bytes(MapSets);
        Assert.Equal("01 02 03 00 21 01 01 6d 01 6b 02 88 03 01 01 7d 03 01 03 01 00 02", Hex.Of(YUpdate.MergeUpdates([map, map])));
    }

    [Fact]
    public void State_vector_codec()
    {
        Assert.Equal("00", Hex.Of(YStateVector.Encode([])));
        byte[] sv = YStateVector.Encode([new(1, 5), new(4294967295, 3), new(300, 0)]);
        Assert.Equal("03 ff ff ff ff 0f 03 ac 02 00 01 05", Hex.Of(sv));
        Dictionary<ulong, ulong> decoded = YStateVector.Decode(sv);
        Assert.Equal(3, decoded.Count);
        Assert.Equal(3UL, decoded[4294967295]);

        // a repeated client: last one wins, as in yjs
        Assert.Equal(9UL, YStateVector.Decode(Hex.Bytes("02 01 05 01 09"))[1]);
        Assert.Throws<InvalidUpdateException>(() => YStateVector.Decode(Hex.Bytes("02 01 05")));
        Assert.Throws<InvalidUpdateException>(() => YStateVector.Decode(Hex.Bytes("01 01 05 00")));
        Assert.Throws<InvalidUpdateException>(() => YStateVector.Decode([]));
    }
}
