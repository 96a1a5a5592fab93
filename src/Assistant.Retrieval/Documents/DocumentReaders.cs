namespace Assistant.Retrieval.Documents;

/// <summary>Picks the reader for a file by its extension.</summary>
public sealed class DocumentReaders(IEnumerable<IDocumentReader> readers)
{
    private readonly Dictionary<string, IDocumentReader> _byExtension = readers
        .SelectMany(r => r.Extensions.Select(e => (e, r)))
        .ToDictionary(x => x.e, x => x.r, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Extensions => _byExtension.Keys;

    public IDocumentReader? For(string path) => _byExtension.GetValueOrDefault(Path.GetExtension(path));

    /// <summary>All built-in readers: Markdown, text, PDF (with OCR fallback), DOCX and images (OCR).</summary>
    public static DocumentReaders CreateDefault(TesseractOcr? ocr = null)
    {
        ocr ??= new TesseractOcr();
        return new DocumentReaders([
            new MarkdownDocumentReader(),
            new TextFileReader(),
            new PdfDocumentReader(ocr),
            new DocxDocumentReader(),
            new ImageDocumentReader(ocr),
        ]);
    }
}
