using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Assistant.Retrieval.Documents;

/// <summary>
/// Reads a Word .docx with the Open XML SDK: the body's paragraphs and tables in document order. Paragraphs whose
/// style is a heading ("Heading 1".."Heading 6", localised ids such as "u1" with the built-in name "heading 1",
/// "Tieude"/"Tiêu đề", "Title", or an outline level) become <see cref="BlockKind.Heading"/> with their level;
/// numbered paragraphs become <see cref="BlockKind.ListItem"/> with their automatic number written out
/// ("Điều 5.", "1.", "a)"); each table row becomes one <see cref="BlockKind.TableRow"/>, cells joined by " | ".
/// </summary>
public sealed partial class DocxDocumentReader : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".docx"];

    public async Task<ExtractedDocument> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new DocumentReadException($"Không tìm thấy tệp '{path}'.");
        if (info.Length == 0) throw new DocumentReadException($"Tệp rỗng (0 byte): '{info.Name}'.");

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        if (bytes.AsSpan().StartsWith([(byte)0xD0, (byte)0xCF, (byte)0x11, (byte)0xE0]))
            throw new DocumentReadException(
                $"Tệp '{info.Name}' là tài liệu Word cũ (.doc) hoặc đã được đặt mật khẩu, không phải .docx: hãy mở bằng Word, gỡ mật khẩu nếu có và lưu lại dạng .docx.");
        if (!bytes.AsSpan().StartsWith("PK"u8))
            throw new DocumentReadException($"Tệp Word bị hỏng hoặc không phải .docx: '{info.Name}'.");

        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = WordprocessingDocument.Open(stream, false);
            var main = document.MainDocumentPart;
            var body = main?.Document?.Body
                ?? throw new DocumentReadException($"Tệp '{info.Name}' không có nội dung văn bản Word (thiếu phần document.xml).");
            var blocks = new List<TextBlock>();
            new Walker(main!, blocks, cancellationToken).VisitContainer(body);
            return new ExtractedDocument(path, "docx", blocks);
        }
        catch (Exception e) when (e is not OperationCanceledException and not DocumentReadException)
        {
            throw new DocumentReadException($"Tệp Word bị hỏng hoặc không phải .docx: '{info.Name}'.", e);
        }
    }

    private sealed class Walker
    {
        private readonly List<TextBlock> _output;
        private readonly CancellationToken _cancellationToken;
        private readonly Dictionary<string, Style> _styles = new(StringComparer.Ordinal);
        private readonly NumberingState _numbering;

        public Walker(MainDocumentPart main, List<TextBlock> output, CancellationToken cancellationToken)
        {
            _output = output;
            _cancellationToken = cancellationToken;
            var styles = main.StyleDefinitionsPart?.Styles;
            if (styles is not null)
            {
                foreach (var style in styles.Elements<Style>())
                    if (style.StyleId?.Value is { Length: > 0 } id) _styles.TryAdd(id, style);
            }
            _numbering = new NumberingState(main.NumberingDefinitionsPart?.Numbering);
        }

        /// <summary>Body-level content: paragraphs, tables, and the content controls / custom XML that wrap them.</summary>
        public void VisitContainer(OpenXmlElement container)
        {
            foreach (var child in container.ChildElements)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                switch (child)
                {
                    case Paragraph paragraph:
                        AddParagraph(paragraph);
                        break;
                    case Table table:
                        AddTable(table);
                        break;
                    case SdtBlock or SdtContentBlock or CustomXmlBlock:
                        VisitContainer(child);
                        break;
                }
            }
        }

        private void AddParagraph(Paragraph paragraph)
        {
            var styleId = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
            if (IsTableOfContents(styleId)) return; // a TOC repeats the headings with page numbers

            var text = Clean(ParagraphText(paragraph));
            var (numId, level) = NumberingOf(paragraph, styleId);
            // Word numbers a paragraph even when it is empty, but an empty numbered paragraph shows nothing.
            if (text.Length == 0) return;
            var number = numId is { } id ? _numbering.Next(id, level) : null;
            if (!string.IsNullOrEmpty(number)) text = number + " " + text;

            var headingLevel = HeadingLevel(paragraph, styleId);
            if (headingLevel > 0)
                _output.Add(new TextBlock(text, BlockKind.Heading, HeadingLevel: headingLevel));
            else
                _output.Add(new TextBlock(text, numId is null ? BlockKind.Paragraph : BlockKind.ListItem));
        }

        private void AddTable(Table table)
        {
            foreach (var row in table.Descendants<TableRow>().Where(r => r.Ancestors<Table>().FirstOrDefault() == table))
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var cells = row.Descendants<TableCell>()
                    .Where(c => c.Ancestors<TableRow>().FirstOrDefault() == row)
                    .Select(c => Clean(string.Join(" ", c.Descendants<Paragraph>().Select(ParagraphText))).Replace('\n', ' '))
                    .ToList();
                if (cells.All(c => c.Length == 0)) continue;
                _output.Add(new TextBlock(string.Join(" | ", cells), BlockKind.TableRow));
            }
        }

        /// <summary>Heading level 1–6, or 0: from the paragraph's outline level, else its style chain (id, name, outline level).</summary>
        private int HeadingLevel(Paragraph paragraph, string? styleId)
        {
            var outline = paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value;
            if (outline is >= 0 and <= 5) return outline.Value + 1;
            if (outline is not null) return 0; // level 9 = body text, set explicitly

            foreach (var style in StyleChain(styleId))
            {
                var level = HeadingLevelFromName(style.StyleId?.Value) ?? HeadingLevelFromName(style.StyleName?.Val?.Value);
                if (level is not null) return level.Value;
                var styleOutline = style.StyleParagraphProperties?.OutlineLevel?.Val?.Value;
                if (styleOutline is >= 0 and <= 5) return styleOutline.Value + 1;
            }
            return styleId is null ? 0 : HeadingLevelFromName(styleId) ?? 0; // style id used without a styles part
        }

        private (int? NumId, int Level) NumberingOf(Paragraph paragraph, string? styleId)
        {
            var numPr = paragraph.ParagraphProperties?.NumberingProperties;
            var numId = numPr?.NumberingId?.Val?.Value;
            var level = numPr?.NumberingLevelReference?.Val?.Value;
            if (numId is null)
            {
                foreach (var style in StyleChain(styleId))
                {
                    var styleNumPr = style.StyleParagraphProperties?.NumberingProperties;
                    if (styleNumPr?.NumberingId?.Val?.Value is not { } styleNumId) continue;
                    numId = styleNumId;
                    level ??= styleNumPr.NumberingLevelReference?.Val?.Value;
                    break;
                }
            }
            // numId 0 explicitly removes numbering.
            return numId is null or 0 ? (null, 0) : (numId, Math.Clamp(level ?? 0, 0, 8));
        }

        private IEnumerable<Style> StyleChain(string? styleId)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (styleId is not null && seen.Add(styleId) && _styles.TryGetValue(styleId, out var style))
            {
                yield return style;
                styleId = style.BasedOn?.Val?.Value;
            }
        }

        private bool IsTableOfContents(string? styleId)
        {
            if (styleId is null) return false;
            var name = _styles.TryGetValue(styleId, out var style) ? style.StyleName?.Val?.Value : null;
            return TocStyle().IsMatch(styleId) || (name is not null && TocStyle().IsMatch(name));
        }
    }

    /// <summary>"Heading1", "heading 1", "Tieude2", "Tiêu đề 2", "Title" → level; null for other names.</summary>
    internal static int? HeadingLevelFromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var folded = FoldName(name);
        if (folded is "title") return 1;
        var match = HeadingStyle().Match(folded);
        if (!match.Success) return null;
        return match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 1;
    }

    /// <summary>Lower case, no diacritics (đ → d), no spaces: "Tiêu đề 1" → "tieude1".</summary>
    private static string FoldName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || char.IsWhiteSpace(c) || c is '-' or '_') continue;
            sb.Append(c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>The visible text of a paragraph: w:t runs (insertions included, deletions and field codes not), tabs and breaks.</summary>
    private static string ParagraphText(Paragraph paragraph)
    {
        var sb = new StringBuilder();
        Append(paragraph, sb);
        return sb.ToString();

        static void Append(OpenXmlElement element, StringBuilder sb)
        {
            foreach (var child in element.ChildElements)
            {
                switch (child)
                {
                    case Text text:
                        sb.Append(text.Text);
                        break;
                    case TabChar or PositionalTab:
                        sb.Append(' ');
                        break;
                    case Break or CarriageReturn:
                        sb.Append('\n');
                        break;
                    case NoBreakHyphen:
                        sb.Append('-');
                        break;
                    case ParagraphProperties or RunProperties or DeletedRun or FieldCode or DeletedFieldCode:
                        break;
                    case AlternateContentFallback:
                        break; // the same content as the AlternateContentChoice next to it
                    case Paragraph nested: // text box content inside a run
                        if (sb.Length > 0) sb.Append('\n');
                        Append(nested, sb);
                        break;
                    default:
                        if (child.HasChildren) Append(child, sb);
                        break;
                }
            }
        }
    }

    /// <summary>NFC, runs of spaces collapsed, each line trimmed, empty lines dropped.</summary>
    private static string Clean(string text) =>
        string.Join('\n', text.Normalize(NormalizationForm.FormC).Replace('\u00A0', ' ').Split('\n')
            .Select(l => Spaces().Replace(l, " ").Trim())
            .Where(l => l.Length > 0));

    [GeneratedRegex(@"[ \t\f\v\u2000-\u200B]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(heading|tieude|tieudebai|daude)([1-6])?$")]
    private static partial Regex HeadingStyle();

    [GeneratedRegex(@"^(toc ?\d|tocheading|mucluc\d*)$", RegexOptions.IgnoreCase)]
    private static partial Regex TocStyle();

    /// <summary>
    /// Renders automatic numbers ("Điều %1.", "%1.", "%2)") the way Word counts them: one set of counters per
    /// abstract numbering, deeper levels restarting when a shallower one advances.
    /// </summary>
    private sealed class NumberingState
    {
        private readonly Dictionary<int, int> _abstractOfNum = [];
        private readonly Dictionary<(int NumId, int Level), int> _startOverrides = [];
        private readonly Dictionary<(int AbstractId, int Level), Level> _levels = [];
        private readonly Dictionary<int, int[]> _counters = [];
        private readonly HashSet<int> _numsSeen = [];

        public NumberingState(Numbering? numbering)
        {
            if (numbering is null) return;
            foreach (var abstractNum in numbering.Elements<AbstractNum>())
            {
                if (abstractNum.AbstractNumberId?.Value is not { } abstractId) continue;
                foreach (var level in abstractNum.Elements<Level>())
                    if (level.LevelIndex?.Value is { } index) _levels.TryAdd((abstractId, index), level);
            }
            foreach (var num in numbering.Elements<NumberingInstance>())
            {
                if (num.NumberID?.Value is not { } numId || num.AbstractNumId?.Val?.Value is not { } abstractId) continue;
                _abstractOfNum.TryAdd(numId, abstractId);
                foreach (var levelOverride in num.Elements<LevelOverride>())
                {
                    if (levelOverride.LevelIndex?.Value is { } index && levelOverride.StartOverrideNumberingValue?.Val?.Value is { } start)
                        _startOverrides[(numId, index)] = start;
                }
            }
        }

        /// <summary>The number text of the next paragraph of numbering <paramref name="numId"/> at <paramref name="level"/>, or null.</summary>
        public string? Next(int numId, int level)
        {
            if (!_abstractOfNum.TryGetValue(numId, out var abstractId)) return null;
            if (!_counters.TryGetValue(abstractId, out var counters))
            {
                counters = new int[9];
                for (var i = 0; i < 9; i++) counters[i] = Start(abstractId, i) - 1;
                _counters[abstractId] = counters;
            }
            if (_numsSeen.Add(numId))
            {
                foreach (var ((overrideNum, overrideLevel), start) in _startOverrides)
                    if (overrideNum == numId) counters[overrideLevel] = start - 1;
            }

            counters[level]++;
            for (var deeper = level + 1; deeper < 9; deeper++) counters[deeper] = Start(abstractId, deeper) - 1;

            if (!_levels.TryGetValue((abstractId, level), out var definition)) return null;
            var format = definition.NumberingFormat?.Val?.Value ?? NumberFormatValues.Decimal;
            if (format == NumberFormatValues.Bullet) return "-";
            if (format == NumberFormatValues.None) return null;
            var template = definition.LevelText?.Val?.Value;
            if (string.IsNullOrEmpty(template)) return null;

            var text = LevelPlaceholder().Replace(template, m =>
            {
                var referenced = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1;
                if (referenced < 0 || referenced > level) return "";
                var referencedFormat = _levels.TryGetValue((abstractId, referenced), out var r)
                    ? r.NumberingFormat?.Val?.Value ?? NumberFormatValues.Decimal
                    : NumberFormatValues.Decimal;
                return FormatNumber(Math.Max(counters[referenced], 1), referencedFormat);
            });
            return text.Trim().Length == 0 ? null : text.Trim();
        }

        private int Start(int abstractId, int level) =>
            _levels.TryGetValue((abstractId, level), out var definition) ? definition.StartNumberingValue?.Val?.Value ?? 1 : 1;

        private static string FormatNumber(int n, NumberFormatValues format)
        {
            if (format == NumberFormatValues.LowerLetter) return Letters(n).ToLowerInvariant();
            if (format == NumberFormatValues.UpperLetter) return Letters(n);
            if (format == NumberFormatValues.LowerRoman) return Roman(n).ToLowerInvariant();
            if (format == NumberFormatValues.UpperRoman) return Roman(n);
            if (format == NumberFormatValues.DecimalZero) return n.ToString("00", CultureInfo.InvariantCulture);
            return n.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>Word's letter numbering: A..Z, then AA..ZZ, AAA...</summary>
        private static string Letters(int n)
        {
            var letter = (char)('A' + (n - 1) % 26);
            return new string(letter, (n - 1) / 26 + 1);
        }

        private static string Roman(int n)
        {
            if (n is <= 0 or >= 4000) return n.ToString(CultureInfo.InvariantCulture);
            ReadOnlySpan<int> values = [1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1];
            string[] symbols = ["M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"];
            var sb = new StringBuilder();
            for (var i = 0; i < values.Length; i++)
                while (n >= values[i]) { sb.Append(symbols[i]); n -= values[i]; }
            return sb.ToString();
        }
    }

    [GeneratedRegex(@"%([1-9])")]
    private static partial Regex LevelPlaceholder();
}
