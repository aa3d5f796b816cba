using Interview.CollabHub.Documents.Yjs;

namespace Interview.Tests.Unit.Yjs;

public class Lib0PrimitiveTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "80 01")]
    [InlineData(300UL, "ac 02")]
    [InlineData(16384UL, "80 80 01")]
    [InlineData(4294967295UL, "ff ff ff ff 0f")]
    [InlineData(9007199254740991UL, "ff ff ff ff ff ff ff 0f")]
    public void VarUint_round_trips_spec_examples(ulong value, string hex)
    {
        using var w = new Lib0Writer();
        w.WriteVarUint(value);
        Assert.Equal(hex, Hex.Of(w.WrittenSpan));

        var r = new Lib0Reader(Hex.Bytes(hex));
        Assert.Equal(value, r.ReadVarUint());
        Assert.True(r.IsAtEnd);
    }

    [Theory]
    [InlineData(0L, false, "00")]
    [InlineData(1L, false, "01")]
    [InlineData(63L, false, "3f")]
    [InlineData(64L, false, "80 01")]
    [InlineData(-1L, false, "41")]
    [InlineData(-63L, false, "7f")]
    [InlineData(-64L, false, "c0 01")]
    [InlineData(127L, false, "bf 01")]
    [InlineData(128L, false, "80 02")]
    [InlineData(2147483647L, false, "bf ff ff ff 0f")]
    [InlineData(0L, true, "40")]
    public void VarInt_round_trips_spec_examples(long value, bool negativeZero, string hex)
    {
        using var w = new Lib0Writer();
        w.WriteVarInt(value, negativeZero);
        Assert.Equal(hex, Hex.Of(w.WrittenSpan));

        var r = new Lib0Reader(Hex.Bytes(hex));
        Assert.Equal(value, r.ReadVarInt());
        Assert.True(r.IsAtEnd);
    }

    [Theory]
    [InlineData("80 00")] // overlong zero
    [InlineData("ff 00")] // overlong 127
    [InlineData("80 80 80 80 80 80 80 80 01")] // nine bytes
    [InlineData("80 80 80 80 80 80 80 10")] // 2^53
    [InlineData("80")] // truncated
    [InlineData("")]
    public void VarUint_rejects_malformed(string hex)
    {
        byte[] bytes = Hex.Bytes(hex);
        Assert.Throws<InvalidUpdateException>(() => new Lib0Reader(bytes).ReadVarUint());
    }

    [Theory]
    [InlineData("80 00")]
    [InlineData("c0")]
    [InlineData("ff ff ff ff ff ff ff ff 01")]
    public void VarInt_rejects_malformed(string hex)
    {
        byte[] bytes = Hex.Bytes(hex);
        Assert.Throws<InvalidUpdateException>(() => new Lib0Reader(bytes).ReadVarInt());
    }

    [Fact]
    public void VarString_counts_utf8_bytes_and_writes_lone_surrogates_as_replacement()
    {
        using var w = new Lib0Writer();
        w.WriteVarString("é😀");
        Assert.Equal("06 c3 a9 f0 9f 98 80", Hex.Of(w.WrittenSpan));

        using var lone = new Lib0Writer();
        lone.WriteVarString("a\uD83D");
        Assert.Equal("04 61 ef bf bd", Hex.Of(lone.WrittenSpan));
    }

    [Theory]
    [InlineData("02 c3 28")] // invalid continuation
    [InlineData("03 ed a0 80")] // encoded surrogate (CESU)
    [InlineData("02 c0 80")] // overlong NUL
    [InlineData("01 ff")]
    [InlineData("05 61 62")] // declared longer than the data
    public void VarString_is_strict_like_the_fatal_js_decoder(string hex)
    {
        byte[] bytes = Hex.Bytes(hex);
        Assert.Throws<InvalidUpdateException>(() => new Lib0Reader(bytes).ReadVarString());
    }

    [Fact]
    public void VarString_keeps_a_leading_bom()
    {
        var r = new Lib0Reader(Hex.Bytes("04 ef bb bf 61"));
        Assert.Equal("\uFEFFa", r.ReadVarString());
    }

    [Theory]
    [InlineData("7f")]
    [InlineData("7e")]
    [InlineData("7d 40")] // -0
    [InlineData("7c 3f 00 00 00")] // 0.5 as float32
    [InlineData("7b 7f f8 00 00 00 00 00 00")] // NaN
    [InlineData("7a ff ff ff ff ff ff ff ff")]
    [InlineData("79")]
    [InlineData("78")]
    [InlineData("77 02 68 69")]
    [InlineData("76 02 01 31 7d 02 01 78 7d 01")] // {"1":2,x:1}
    [InlineData("75 02 7e 75 00")]
    [InlineData("74 03 01 02 03")]
    public void Any_values_from_the_spec_are_skipped_exactly(string hex)
    {
        byte[] bytes = Hex.Bytes(hex);
        var r = new Lib0Reader(bytes);
        r.SkipAny();
        Assert.True(r.IsAtEnd);
    }

    [Theory]
    [InlineData("73")] // tag below 116
    [InlineData("80")] // tag above 127
    [InlineData("7c 3f 00")] // short float32
    [InlineData("76 05 01 61 7e")] // object count larger than the data
    [InlineData("75 ff ff ff 0f 7e")]
    [InlineData("77 01 ff")]
    public void Any_rejects_malformed_values(string hex)
    {
        byte[] bytes = Hex.Bytes(hex);
        Assert.Throws<InvalidUpdateException>(() => new Lib0Reader(bytes).SkipAny());
    }

    [Fact]
    public void Any_nesting_is_bounded()
    {
        // 10,000 nested one-element arrays would overflow a naive recursive reader.
        byte[] deep = new byte[20001];
        for (int i = 0; i < 10000; i++)
        {
            deep[2 * i] = 0x75;
            deep[(2 * i) + 1] = 0x01;
        }

        deep[^1] = 0x7e;
        Assert.Throws<InvalidUpdateException>(() => new Lib0Reader(deep).SkipAny());

        byte[] shallow = [0x75, 0x01, 0x75, 0x01, 0x7e];
        var r = new Lib0Reader(shallow);
        r.SkipAny();
        Assert.True(r.IsAtEnd);
    }

    [Fact]
    public void Counts_that_cannot_fit_are_rejected_before_reading_elements()
    {
        byte[] bytes = Hex.Bytes("ff ff ff ff 0f 00");
        Assert.Throws<InvalidUpdateException>(() => new Lib0Reader(bytes).ReadCount(1));
    }
}
