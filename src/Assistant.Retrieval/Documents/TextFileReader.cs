using System.Text;

namespace Assistant.Retrieval.Documents;

/// <summary>Plain UTF-8 text: one block per non-empty line group (paragraphs separated by blank lines keep their line breaks).</summary>
public sealed class TextFileReader : IDocumentReader
{
    /// <summary>Text sources larger than this are refused: a legal document is a few MB at most, larger files are usually dumps.</summary>
    public const long MaxTextBytes = 16L * 1024 * 1024;

    public IReadOnlyCollection<string> Extensions { get; } = [".txt", ".text"];

    public async Task<ExtractedDocument> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var text = await ReadTextAsync(path, cancellationToken);
        var blocks = text.Replace("\r\n", "\n").Split("\n")
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .Select(l => new TextBlock(l))
            .ToList();
        return new ExtractedDocument(path, "text", blocks);
    }

    /// <summary>Reads a text file strictly as UTF-8, refusing empty, oversized and binary files with a clear message.</summary>
    public static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new DocumentReadException($"Không tìm thấy tệp '{path}'.");
        if (info.Length == 0) throw new DocumentReadException("Tệp rỗng (0 byte).");
        if (info.Length > MaxTextBytes)
            throw new DocumentReadException($"Tệp văn bản quá lớn ({info.Length / (1024 * 1024)} MB, tối đa {MaxTextBytes / (1024 * 1024)} MB): hãy tách thành nhiều tệp.");
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        if (Array.IndexOf(bytes, (byte)0) >= 0) throw new DocumentReadException("Tệp chứa dữ liệu nhị phân, không phải văn bản UTF-8.");
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
            if (string.IsNullOrWhiteSpace(text)) throw new DocumentReadException("Tệp không có nội dung chữ.");
            return text.Normalize(NormalizationForm.FormC);
        }
        catch (DecoderFallbackException e)
        {
            throw new DocumentReadException("Tệp không phải văn bản UTF-8 hợp lệ (hãy lưu lại với mã hoá UTF-8).", e);
        }
    }
}
