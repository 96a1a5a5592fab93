using Assistant.Vietnamese;

namespace Assistant.Land.Procedures;

/// <summary>How the procedure side reads questions, phrases and its data files.</summary>
internal static class ProcedureText
{
    /// <summary>
    /// Questions and the phrases of data/procedures read "1"…"10" as number words, so "gộp 2 sổ thành 1" holds
    /// "hai sổ" and "thành một".
    /// </summary>
    public const SyllableOptions Reading = SyllableOptions.NumberWords;

    public static Syllable[] Syllables(string text) => Tokenizer.Tokenize(text, Reading);

    /// <summary>The rows of a data file of data/procedures; a missing file is a <see cref="ProcedureDataException"/>.</summary>
    public static IEnumerable<TsvRow> Rows(string path) =>
        File.Exists(path) ? TsvReader.Read(path) : throw new ProcedureDataException($"Không tìm thấy tệp dữ liệu thủ tục '{path}'.");
}
