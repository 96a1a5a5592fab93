namespace Assistant.Retrieval.Documents;

public enum BlockKind { Paragraph, Heading, ListItem, TableRow }

/// <summary>
/// One block of text as a reader found it: a paragraph, heading, list item or table row, with the page it
/// came from (PDF, OCR) and, for OCR, Tesseract's mean word confidence (0–100).
/// </summary>
public sealed record TextBlock(string Text, BlockKind Kind = BlockKind.Paragraph, int? Page = null, float? Confidence = null, int HeadingLevel = 0);

/// <summary>What a reader extracted from one source file, before any legal structure is applied.</summary>
public sealed record ExtractedDocument(string SourcePath, string Method, IReadOnlyList<TextBlock> Blocks)
{
    /// <summary>Mean OCR confidence over OCR'd blocks, or null when no page needed OCR.</summary>
    public float? OcrConfidence
    {
        get
        {
            var conf = Blocks.Where(b => b.Confidence.HasValue).Select(b => b.Confidence!.Value).ToList();
            return conf.Count == 0 ? null : conf.Average();
        }
    }

    public int? PageCount => Blocks.Max(b => b.Page);
}

/// <summary>A source file that could not be read: the message is shown to the operator as is (Vietnamese).</summary>
public sealed class DocumentReadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads one kind of file into text blocks.</summary>
public interface IDocumentReader
{
    /// <summary>Lower-case extensions with the dot, e.g. ".pdf".</summary>
    IReadOnlyCollection<string> Extensions { get; }

    /// <summary>Reads the file; throws <see cref="DocumentReadException"/> for input that is not a readable document of this kind.</summary>
    Task<ExtractedDocument> ReadAsync(string path, CancellationToken cancellationToken);
}
