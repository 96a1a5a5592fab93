using System.Buffers.Binary;
using System.IO.Compression;

namespace Assistant.Indexer.Teams;

/// <summary>
/// An 8-bit RGBA image and the small part of PNG the Teams package needs: writing the icons it draws, and reading any
/// icon it is given back into pixels so the size and transparency rules can be checked on what is actually shipped.
/// Reads non-interlaced 8-bit greyscale, RGB, palette, grey+alpha and RGBA images; anything else is reported as
/// unsupported rather than guessed at.
/// </summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public int Width { get; }
    public int Height { get; }

    /// <summary>True when the file carries transparency (an alpha channel or a tRNS chunk).</summary>
    public bool HasAlphaChannel { get; }

    private readonly byte[] _rgba;

    public PngImage(int width, int height) : this(width, height, new byte[checked(width * height * 4)], hasAlpha: true)
    {
    }

    private PngImage(int width, int height, byte[] rgba, bool hasAlpha)
    {
        Width = width;
        Height = height;
        _rgba = rgba;
        HasAlphaChannel = hasAlpha;
    }

    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 4;
            return (_rgba[i], _rgba[i + 1], _rgba[i + 2], _rgba[i + 3]);
        }
        set
        {
            var i = ((y * Width) + x) * 4;
            (_rgba[i], _rgba[i + 1], _rgba[i + 2], _rgba[i + 3]) = value;
        }
    }

    /// <summary>RGBA, filter 0 on every row, no ancillary chunks: the same pixels always give the same bytes.</summary>
    public byte[] Encode()
    {
        using var png = new MemoryStream();
        png.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8;  // bit depth
        header[9] = 6;  // colour type RGBA
        WriteChunk(png, "IHDR", header);
        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                for (var y = 0; y < Height; y++)
                {
                    z.WriteByte(0);
                    z.Write(_rgba, y * Width * 4, Width * 4);
                }
            }
            WriteChunk(png, "IDAT", raw.ToArray());
        }
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeAndData = new byte[4 + data.Length];
        for (var i = 0; i < 4; i++) typeAndData[i] = (byte)type[i];
        data.CopyTo(typeAndData, 4);
        s.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc(typeAndData));
        s.Write(len);
    }

    /// <summary>Reads a PNG into RGBA pixels, or throws <see cref="InvalidDataException"/> with a Vietnamese reason.</summary>
    public static PngImage Decode(ReadOnlySpan<byte> file)
    {
        if (file.Length < Signature.Length + 25 || !file[..Signature.Length].SequenceEqual(Signature))
            throw new InvalidDataException("không phải tệp PNG (sai chữ ký đầu tệp)");
        var pos = Signature.Length;
        int width = 0, height = 0, colourType = -1;
        byte[]? palette = null, transparency = null;
        using var idat = new MemoryStream();
        var ended = false;
        while (!ended)
        {
            if (pos + 12 > file.Length) throw new InvalidDataException("tệp PNG bị cụt (thiếu khối IEND)");
            var length = BinaryPrimitives.ReadInt32BigEndian(file[pos..]);
            if (length < 0 || pos + 12 + length > file.Length) throw new InvalidDataException("tệp PNG bị cụt hoặc hỏng");
            var type = System.Text.Encoding.ASCII.GetString(file.Slice(pos + 4, 4));
            var data = file.Slice(pos + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(file[(pos + 8 + length)..]);
            if (crc != Crc(file.Slice(pos + 4, 4 + length)))
                throw new InvalidDataException($"tệp PNG hỏng (sai CRC ở khối {type})");
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    var depth = data[8];
                    colourType = data[9];
                    var interlace = data[12];
                    if (depth != 8 || colourType is not (0 or 2 or 3 or 4 or 6) || interlace != 0)
                        throw new InvalidDataException($"định dạng PNG chưa hỗ trợ kiểm tra (độ sâu {depth} bit, kiểu màu {colourType}, xen kẽ {interlace}); hãy lưu lại ở dạng RGBA 8 bit");
                    if (width is <= 0 or > 4096 || height is <= 0 or > 4096)
                        throw new InvalidDataException($"kích thước PNG không hợp lệ ({width}×{height})");
                    break;
                case "PLTE": palette = data.ToArray(); break;
                case "tRNS": transparency = data.ToArray(); break;
                case "IDAT": idat.Write(data); break;
                case "IEND": ended = true; break;
                default: break;
            }
            pos += 12 + length;
        }
        if (colourType < 0) throw new InvalidDataException("tệp PNG thiếu khối IHDR");
        if (colourType == 3 && palette is null) throw new InvalidDataException("tệp PNG kiểu bảng màu nhưng thiếu khối PLTE");

        var channels = colourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            try
            {
                z.ReadExactly(raw);
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
            {
                throw new InvalidDataException("dữ liệu ảnh PNG hỏng hoặc thiếu");
            }
        }
        var pixels = Unfilter(raw, stride, height, channels);

        var rgba = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            var p = pixels.AsSpan(i * channels, channels);
            (byte r, byte g, byte b, byte a) = colourType switch
            {
                0 => (p[0], p[0], p[0], (byte)255),
                2 => (p[0], p[1], p[2], (byte)255),
                3 => FromPalette(palette!, transparency, p[0]),
                4 => (p[0], p[0], p[0], p[1]),
                _ => (p[0], p[1], p[2], p[3]),
            };
            if (transparency is not null && colourType is 0 or 2 && MatchesTransparentKey(transparency, colourType, p)) a = 0;
            rgba[i * 4] = r;
            rgba[(i * 4) + 1] = g;
            rgba[(i * 4) + 2] = b;
            rgba[(i * 4) + 3] = a;
        }
        return new PngImage(width, height, rgba, hasAlpha: colourType is 4 or 6 || transparency is not null);
    }

    private static (byte, byte, byte, byte) FromPalette(byte[] palette, byte[]? transparency, byte index)
    {
        if ((index * 3) + 2 >= palette.Length) throw new InvalidDataException("tệp PNG dùng chỉ số ngoài bảng màu");
        var a = transparency is not null && index < transparency.Length ? transparency[index] : (byte)255;
        return (palette[index * 3], palette[(index * 3) + 1], palette[(index * 3) + 2], a);
    }

    private static bool MatchesTransparentKey(byte[] key, int colourType, ReadOnlySpan<byte> p) =>
        colourType == 0
            ? key.Length >= 2 && key[1] == p[0]
            : key.Length >= 6 && key[1] == p[0] && key[3] == p[1] && key[5] == p[2];

    private static byte[] Unfilter(byte[] raw, int stride, int height, int bpp)
    {
        var result = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var src = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var row = result.AsSpan(y * stride, stride);
            var prior = y > 0 ? result.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (var x = 0; x < stride; x++)
            {
                int left = x >= bpp ? row[x - bpp] : 0;
                int up = prior[x];
                int upLeft = x >= bpp ? prior[x - bpp] : 0;
                row[x] = filter switch
                {
                    0 => src[x],
                    1 => (byte)(src[x] + left),
                    2 => (byte)(src[x] + up),
                    3 => (byte)(src[x] + ((left + up) / 2)),
                    4 => (byte)(src[x] + Paeth(left, up, upLeft)),
                    _ => throw new InvalidDataException($"tệp PNG hỏng (bộ lọc dòng {filter} không tồn tại)"),
                };
            }
        }
        return result;
    }

    private static readonly uint[] CrcTable = BuildCrcTable();

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    /// <summary>The CRC-32 of the PNG specification (ISO 3309), over a chunk's type and data.</summary>
    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
