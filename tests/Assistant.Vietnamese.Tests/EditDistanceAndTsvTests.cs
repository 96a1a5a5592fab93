using System.Text;

namespace Assistant.Vietnamese.Tests;

public sealed class EditDistanceAndTsvTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("thua", "thuaa", 1)]
    [InlineData("dich vong hau", "dich vong", 4)]
    [InlineData("đất", "dat", 2)]
    public void Levenshtein_counts_inserted_deleted_and_substituted_characters(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Levenshtein(a, b));
        Assert.Equal(expected, EditDistance.Levenshtein(b, a));
    }

    [Fact]
    public void Tsv_rows_skip_comments_and_blank_lines_and_come_trimmed_in_NFC()
    {
        var path = Path.Combine(Path.GetTempPath(), "rows-" + Guid.NewGuid().ToString("N") + ".tsv");
        try
        {
            File.WriteAllText(path, "# comment\n\n   \n  # indented comment\n sổ đỏ \t" + "giấy chứng nhận".Normalize(NormalizationForm.FormD) + "\r\nx\n");
            var rows = TsvReader.Read(path).ToList();
            Assert.Equal([5, 6], rows.Select(r => r.LineNumber));
            Assert.Equal(["sổ đỏ", "giấy chứng nhận"], rows[0].Columns);
            Assert.True(rows[0].Columns[1].IsNormalized(NormalizationForm.FormC));
            Assert.Equal(["x"], rows[1].Columns);
        }
        finally { File.Delete(path); }
        Assert.Equal(["a", "b c"], TsvReader.SplitList(" a | | b c |"));
        Assert.Throws<FileNotFoundException>(() => TsvReader.Read(path));
    }
}
