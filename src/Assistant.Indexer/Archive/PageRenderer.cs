using SkiaSharp;

namespace Assistant.Indexer.Archive;

/// <summary>How one page is printed: ink and paper colours (a faded page has grey ink).</summary>
public sealed record InkStyle(SKColor Ink, SKColor Red, SKColor Paper)
{
    public static InkStyle Clean { get; } = new(new SKColor(20, 20, 20), new SKColor(170, 25, 25), SKColors.White);
}

/// <summary>A rendered page and where its signature block starts (where the stamp goes).</summary>
public sealed record RenderedPage(SKBitmap Bitmap, float SignatureTop) : IDisposable
{
    public void Dispose() => Bitmap.Dispose();
}

/// <summary>
/// Prints a <see cref="SamplePageContent"/> on an A4 page at 200 dpi with a serif font that has the Vietnamese glyphs
/// (DejaVu Serif on Debian, package fonts-dejavu-core): paragraphs wrapped to their column, two-column header and
/// signature bands, the parcel sketch of a cadastral extract.
/// </summary>
public sealed class PageRenderer : IDisposable
{
    public const int Width = 1654, Height = 2339, Dpi = 200;
    private const float Margin = 150f, BaseSize = 34f, LineFactor = 1.5f, ColumnGap = 60f;

    /// <summary>Where Debian's fonts-dejavu-core puts the fonts; other places can be passed to the constructor.</summary>
    public static readonly string[] DefaultFontFolders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts"];

    private readonly SKTypeface _regular;
    private readonly SKTypeface _bold;

    public PageRenderer(IEnumerable<string>? fontFolders = null)
    {
        var folders = (fontFolders ?? DefaultFontFolders).ToList();
        _regular = Load(folders, "DejaVuSerif.ttf");
        _bold = Load(folders, "DejaVuSerif-Bold.ttf");
    }

    private static SKTypeface Load(IReadOnlyList<string> folders, string file)
    {
        foreach (var folder in folders)
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path) && SKTypeface.FromFile(path) is { } typeface) return typeface;
        }
        throw new FileNotFoundException(
            $"Không tìm thấy phông chữ {file} (có chữ tiếng Việt) trong {string.Join(", ", folders)}. Hãy chạy scripts/install-deps.sh (gói fonts-dejavu-core).");
    }

    public RenderedPage Render(SamplePageContent content, InkStyle style)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(style.Paper);
        float y = Margin, signatureTop = Height * 0.75f;
        for (int i = 0; i < content.Blocks.Count; i++)
        {
            var block = content.Blocks[i];
            if (block.Right is null)
            {
                float top = y;
                y = DrawColumn(canvas, block.Left, Margin, Width - Margin, y, style);
                // The blank band after "Sơ đồ thửa đất" holds the sketch.
                if (content.Sketch is { } sketch && block.Left.Count >= 6 && block.Left.All(l => l.Text.Length == 0))
                    DrawSketch(canvas, sketch, new SKRect(Margin + 250, top + 30, Width - Margin - 250, y - 10), style);
                continue;
            }
            // The last two-column band is the signature block, the stamp's place.
            if (i > 0) signatureTop = y;
            float mid = Width / 2f;
            float leftEnd = DrawColumn(canvas, block.Left, Margin - 40, mid - ColumnGap / 2, y, style);
            float rightEnd = DrawColumn(canvas, block.Right, mid + ColumnGap / 2 - 40, Width - Margin + 60, y, style);
            y = Math.Max(leftEnd, rightEnd);
        }
        return new RenderedPage(bitmap, signatureTop);
    }

    private float DrawColumn(SKCanvas canvas, IReadOnlyList<PageLine> lines, float left, float right, float y, InkStyle style)
    {
        foreach (var line in lines)
        {
            float size = BaseSize * line.Size;
            if (line.Text.Length == 0)
            {
                y += size * LineFactor * 0.6f;
                continue;
            }
            using var font = new SKFont(line.Bold ? _bold : _regular, size) { Edging = SKFontEdging.Antialias, Subpixel = true };
            using var paint = new SKPaint { Color = line.Red ? style.Red : style.Ink, IsAntialias = true };
            bool first = true;
            foreach (var text in Wrap(font, line, right - left))
            {
                float indent = first ? line.Indent : line.Indent + line.HangingIndent;
                float x = line.Align switch
                {
                    LineAlign.Center => (left + right) / 2,
                    LineAlign.Right => right,
                    _ => left + indent,
                };
                var align = line.Align switch { LineAlign.Center => SKTextAlign.Center, LineAlign.Right => SKTextAlign.Right, _ => SKTextAlign.Left };
                y += size * LineFactor;
                canvas.DrawText(text, x, y, align, font, paint);
                first = false;
            }
        }
        return y;
    }

    private static List<string> Wrap(SKFont font, PageLine line, float width)
    {
        var result = new List<string>();
        var current = "";
        foreach (var word in line.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            float indent = result.Count == 0 ? line.Indent : line.Indent + line.HangingIndent;
            if (current.Length > 0 && font.MeasureText(candidate) > width - indent)
            {
                result.Add(current);
                current = word;
            }
            else current = candidate;
        }
        if (current.Length > 0) result.Add(current);
        return result;
    }

    private void DrawSketch(SKCanvas canvas, PageSketch sketch, SKRect box, InkStyle style)
    {
        using var pen = new SKPaint { Color = style.Ink, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 3 };
        using var ink = new SKPaint { Color = style.Ink, IsAntialias = true };
        using var font = new SKFont(_regular, BaseSize * 0.8f);
        var points = sketch.Points.Select(p => new SKPoint(box.Left + p.X * box.Width, box.Top + p.Y * box.Height)).ToList();
        using (var builder = new SKPathBuilder())
        {
            builder.AddPoly(points.ToArray(), true);
            using var path = builder.Detach();
            canvas.DrawPath(path, pen);
        }
        for (int i = 0; i < points.Count; i++)
        {
            var a = points[i];
            var b = points[(i + 1) % points.Count];
            canvas.DrawText(sketch.Labels[i], (a.X + b.X) / 2 + 10, (a.Y + b.Y) / 2 - 10, SKTextAlign.Center, font, ink);
            canvas.DrawText((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), a.X - 25, a.Y - 10, SKTextAlign.Left, font, ink);
        }
    }

    /// <summary>A round red seal centred at (<paramref name="cx"/>, <paramref name="cy"/>), drawn over whatever is there.</summary>
    public void DrawStamp(SKCanvas canvas, float cx, float cy, string text, byte alpha)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        var red = new SKColor(200, 30, 40, alpha);
        using var ring = new SKPaint { Color = red, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 7 };
        using var fill = new SKPaint { Color = red, IsAntialias = true };
        canvas.DrawCircle(cx, cy, 150, ring);
        ring.StrokeWidth = 3;
        canvas.DrawCircle(cx, cy, 95, ring);
        using var font = new SKFont(_bold, 26);
        using (var arcBuilder = new SKPathBuilder())
        {
            arcBuilder.AddArc(new SKRect(cx - 122, cy - 122, cx + 122, cy + 122), 160, 220);
            using var arc = arcBuilder.Detach();
            canvas.DrawTextOnPath(text, arc, 0, 0, SKTextAlign.Left, font, fill);
        }
        var star = new SKPoint[10];
        for (int i = 0; i < 10; i++)
        {
            double angle = -Math.PI / 2 + i * Math.PI / 5;
            float r = i % 2 == 0 ? 45 : 18;
            star[i] = new SKPoint(cx + (float)(r * Math.Cos(angle)), cy + (float)(r * Math.Sin(angle)));
        }
        using var starBuilder = new SKPathBuilder();
        starBuilder.AddPoly(star, true);
        using var starPath = starBuilder.Detach();
        canvas.DrawPath(starPath, fill);
    }

    public void Dispose()
    {
        _regular.Dispose();
        _bold.Dispose();
    }
}
