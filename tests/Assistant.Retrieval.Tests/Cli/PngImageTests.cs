using System.Buffers.Binary;
using System.IO.Compression;
using Assistant.Indexer.Teams;

namespace Assistant.Retrieval.Tests.Cli;

/// <summary>
/// The PNG reader behind the icon checks, on files written here the way other encoders write them (every row filter,
/// palette with tRNS, grey with alpha), so an icon exported from a drawing program is judged on its real pixels.
/// </summary>
public sealed class PngImageTests
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            c ^= b;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var buf = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(buf, data.Length);
        for (var i = 0; i < 4; i++) buf[4 + i] = (byte)type[i];
        data.CopyTo(buf, 8);
        BinaryPrimitives.WriteUInt32BigEndian(buf.AsSpan(8 + data.Length), Crc(buf.AsSpan(4, 4 + data.Length)));
        s.Write(buf);
    }

    /// <summary>A PNG whose row y is written with filter y mod 5 (None, Sub, Up, Average, Paeth).</summary>
    private static byte[] Write(int w, int h, byte colourType, int channels, byte[] samples, params (string Type, byte[] Data)[] before)
    {
        var stride = w * channels;
        var raw = new MemoryStream();
        for (var y = 0; y < h; y++)
        {
            var filter = y % 5;
            raw.WriteByte((byte)filter);
            for (var x = 0; x < stride; x++)
            {
                int cur = samples[(y * stride) + x];
                int a = x >= channels ? samples[(y * stride) + x - channels] : 0;
                int b = y > 0 ? samples[((y - 1) * stride) + x] : 0;
                int c = x >= channels && y > 0 ? samples[((y - 1) * stride) + x - channels] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) >> 1,
                    _ => Paeth(a, b, c),
                };
                raw.WriteByte((byte)(cur - predictor));
            }
        }
        var png = new MemoryStream();
        png.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, w);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), h);
        header[8] = 8;
        header[9] = colourType;
        Chunk(png, "IHDR", header);
        foreach (var (type, data) in before) Chunk(png, type, data);
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(raw.ToArray());
        // Two IDAT chunks, as streaming encoders write them.
        var idat = compressed.ToArray();
        Chunk(png, "IDAT", idat[..(idat.Length / 2)]);
        Chunk(png, "IDAT", idat[(idat.Length / 2)..]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte Sample(int x, int y, int channel) => (byte)(((x * 37) + (y * 91) + (channel * 53) + (x * y)) % 256);

    [Fact]
    public void Rgba_rows_with_every_filter_decode_to_their_pixels()
    {
        const int w = 13, h = 11;
        var samples = new byte[w * h * 4];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                for (var ch = 0; ch < 4; ch++) samples[(((y * w) + x) * 4) + ch] = Sample(x, y, ch);

        var image = PngImage.Decode(Write(w, h, 6, 4, samples));

        Assert.Equal((w, h), (image.Width, image.Height));
        Assert.True(image.HasAlphaChannel);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                Assert.Equal((Sample(x, y, 0), Sample(x, y, 1), Sample(x, y, 2), Sample(x, y, 3)), image[x, y]);
    }

    [Fact]
    public void Palette_with_transparency_and_grey_with_alpha_decode_to_rgba()
    {
        byte[] palette = [255, 255, 255, 10, 20, 30, 255, 255, 255];
        byte[] trns = [0, 255, 128];
        byte[] indexes = [0, 1, 2, 1, 0, 2];
        var paletted = PngImage.Decode(Write(3, 2, 3, 1, indexes, ("PLTE", palette), ("tRNS", trns)));
        Assert.True(paletted.HasAlphaChannel);
        Assert.Equal(((byte)255, (byte)255, (byte)255, (byte)0), paletted[0, 0]);
        Assert.Equal(((byte)10, (byte)20, (byte)30, (byte)255), paletted[1, 0]);
        Assert.Equal(((byte)255, (byte)255, (byte)255, (byte)128), paletted[2, 0]);
        Assert.Equal(((byte)10, (byte)20, (byte)30, (byte)255), paletted[0, 1]);

        var grey = PngImage.Decode(Write(2, 1, 4, 2, [200, 0, 255, 77]));
        Assert.Equal(((byte)200, (byte)200, (byte)200, (byte)0), grey[0, 0]);
        Assert.Equal(((byte)255, (byte)255, (byte)255, (byte)77), grey[1, 0]);

        var rgb = PngImage.Decode(Write(1, 1, 2, 3, [1, 2, 3]));
        Assert.False(rgb.HasAlphaChannel);
        Assert.Equal(((byte)1, (byte)2, (byte)3, (byte)255), rgb[0, 0]);
    }

    [Fact]
    public void The_writer_round_trips_through_the_reader()
    {
        var drawn = TeamsIcons.Outline();
        var read = PngImage.Decode(drawn.Encode());
        for (var y = 0; y < drawn.Height; y++)
            for (var x = 0; x < drawn.Width; x++) Assert.Equal(drawn[x, y], read[x, y]);
    }

    [Fact]
    public void A_damaged_or_unsupported_file_is_refused_with_a_reason()
    {
        var good = TeamsIcons.Outline().Encode();
        var flipped = good.ToArray();
        flipped[45] ^= 0xFF;  // inside the IDAT data: its CRC no longer matches
        Assert.Contains("sai CRC", Assert.Throws<InvalidDataException>(() => PngImage.Decode(flipped)).Message, StringComparison.Ordinal);
        Assert.Contains("bị cụt", Assert.Throws<InvalidDataException>(() => PngImage.Decode(good[..^20])).Message, StringComparison.Ordinal);
        Assert.Contains("không phải tệp PNG", Assert.Throws<InvalidDataException>(() => PngImage.Decode("GIF89a.................................."u8)).Message, StringComparison.Ordinal);

        var sixteenBit = Write(1, 1, 6, 4, [1, 2, 3, 4]);
        sixteenBit[8 + 8 + 8] = 16;  // IHDR bit depth
        BinaryPrimitives.WriteUInt32BigEndian(sixteenBit.AsSpan(8 + 8 + 13), Crc(sixteenBit.AsSpan(8 + 4, 4 + 13)));
        Assert.Contains("chưa hỗ trợ kiểm tra (độ sâu 16 bit", Assert.Throws<InvalidDataException>(() => PngImage.Decode(sixteenBit)).Message, StringComparison.Ordinal);
    }
}
