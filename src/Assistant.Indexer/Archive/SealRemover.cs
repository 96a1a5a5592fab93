using Assistant.Retrieval.Archive;
using SkiaSharp;

namespace Assistant.Indexer.Archive;

/// <summary>
/// Turns a scan into a grey page without its red seal: a light, strongly red pixel (seal ink on paper) takes the value of
/// its red channel, which is as light as the paper; every other pixel takes its luminance, so black or faded ink, ink
/// under the seal and a certificate's dark red serial stay dark. Tesseract otherwise takes the seal for a picture and
/// drops the issuer and the date printed under it.
/// </summary>
public sealed class SealRemover : IPagePreprocessor
{
    /// <summary>Luminance above which a red pixel is seal on paper rather than ink.</summary>
    private const int LightLuminance = 90;
    /// <summary>How much redder than green and blue a pixel must be to count as seal ink.</summary>
    private const int Redness = 30;

    /// <summary>
    /// Stretches the grey levels so that the darkest ink is black and the paper white: a faded page on yellowed paper has
    /// so little contrast that Tesseract's global threshold can lose the whole page.
    /// </summary>
    private static void Stretch(Span<byte> pixels, int width, int height, int stride)
    {
        var histogram = new long[256];
        for (int y = 0; y < height; y++)
            foreach (var v in pixels.Slice(y * stride, width)) histogram[v]++;
        long total = (long)width * height;
        int dark = Percentile(histogram, total, 0.005), paper = Percentile(histogram, total, 0.25);
        if (paper - dark < 40) return; // nothing on the page worth stretching
        var map = new byte[256];
        for (int v = 0; v < 256; v++) map[v] = (byte)Math.Clamp((v - dark) * 255 / (paper - dark), 0, 255);
        for (int y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * stride, width);
            for (int x = 0; x < row.Length; x++) row[x] = map[row[x]];
        }
    }

    private static int Percentile(long[] histogram, long total, double share)
    {
        long target = (long)(total * share), seen = 0;
        for (int v = 0; v < histogram.Length; v++)
        {
            seen += histogram[v];
            if (seen > target) return v;
        }
        return 255;
    }

    /// <summary>A folder that keeps a copy of every prepared page (what Tesseract saw), or null.</summary>
    public string? KeepIn { get; init; }

    public Task<string> PrepareAsync(string imagePath, string workFolder, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var source = SKBitmap.Decode(imagePath)
            ?? throw new Retrieval.Documents.DocumentReadException($"Không đọc được ảnh '{Path.GetFileName(imagePath)}'.");
        using var rgba = source.ColorType == SKColorType.Rgba8888 ? source.Copy() : source.Copy(SKColorType.Rgba8888);
        using var gray = new SKBitmap(new SKImageInfo(rgba.Width, rgba.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        var input = rgba.GetPixelSpan();
        var output = gray.GetPixelSpan();
        int width = rgba.Width, height = rgba.Height, inStride = rgba.RowBytes, outStride = gray.RowBytes;
        for (int y = 0; y < height; y++)
        {
            var inRow = input.Slice(y * inStride, width * 4);
            var outRow = output.Slice(y * outStride, width);
            for (int x = 0; x < width; x++)
            {
                int r = inRow[x * 4], g = inRow[x * 4 + 1], b = inRow[x * 4 + 2];
                int luminance = (299 * r + 587 * g + 114 * b) / 1000;
                outRow[x] = (byte)(luminance > LightLuminance && r - Math.Max(g, b) > Redness ? r : luminance);
            }
        }
        Stretch(output, width, height, outStride);
        var path = Path.Combine(workFolder, Path.GetFileNameWithoutExtension(imagePath) + ".png");
        using (var image = SKImage.FromBitmap(gray))
        using (var data = image.Encode(SKEncodedImageFormat.Png, 100))
        using (var stream = File.Create(path))
            data.SaveTo(stream);
        if (KeepIn is not null)
        {
            Directory.CreateDirectory(KeepIn);
            File.Copy(path, Path.Combine(KeepIn, Path.GetFileName(path)), overwrite: true);
        }
        return Task.FromResult(path);
    }
}
