namespace Assistant.Retrieval.Archive;

/// <summary>
/// Cleans a scanned page before OCR (for instance, removes the red seal that Tesseract otherwise takes for a picture
/// and drops with the text under it). Implemented where an imaging library is at hand (the indexer); ingestion works
/// without one.
/// </summary>
public interface IPagePreprocessor
{
    /// <summary>Writes the cleaned page into <paramref name="workFolder"/> and returns its path.</summary>
    Task<string> PrepareAsync(string imagePath, string workFolder, CancellationToken ct);
}
