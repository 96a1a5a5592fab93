using Assistant.Triage.Model;

namespace Assistant.Triage.Tests;

public sealed class ParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void A_full_dossier_is_read()
    {
        var r = DossierRequestParser.Parse("""
            {"id":"HS-1","receivedAt":"2026-11-20T08:30:00+07:00","channel":"counter","applicant":{"type":"individual"},
             "description":"tách thửa","documents":["sổ đỏ"," "],"parcel":{"oldCommune":"Khâm Thiên","oldDistrict":"Đống Đa"},"projectCode":"VD4"}
            """, Now);
        Assert.True(r.IsValid, string.Join("; ", r.Errors));
        Assert.Equal("HS-1", r.Dossier!.Id);
        Assert.Equal(DossierChannel.Counter, r.Dossier.Channel);
        Assert.Equal(["sổ đỏ"], r.Dossier.Documents);
        Assert.False(r.Dossier.ReceivedAtAssumed);
    }

    [Fact]
    public void Only_the_description_is_required()
    {
        var r = DossierRequestParser.Parse("""{"description":"xin cấp lại sổ đỏ bị mất"}""", Now);
        Assert.True(r.IsValid);
        Assert.True(r.Dossier!.ReceivedAtAssumed);
        Assert.StartsWith("HS-", r.Dossier.Id);
    }

    [Theory]
    [InlineData("{not json", "JSON hợp lệ")]
    [InlineData("[1,2]", "đối tượng JSON")]
    [InlineData("""{"documents":["sổ đỏ"]}""", "Thiếu mô tả")]
    [InlineData("""{"description":"   "}""", "Thiếu mô tả")]
    [InlineData("""{"description":"x","receivedAt":"2026-13-40T00:00:00+07:00"}""", "không đúng định dạng")]
    [InlineData("""{"description":"x","receivedAt":"2026-11-20"}""", "không đúng định dạng")]
    [InlineData("""{"description":"x","receivedAt":"2026-11-20T08:00:00"}""", "không đúng định dạng")]
    [InlineData("""{"description":"x","receivedAt":"2030-01-01T08:00:00+07:00"}""", "tương lai")]
    [InlineData("""{"description":"x","channel":"fax"}""", "Kênh nộp")]
    [InlineData("""{"description":"x","applicant":{"type":"robot"}}""", "Loại người nộp")]
    [InlineData("""{"description":"x","documents":"sổ đỏ"}""", "mảng chuỗi")]
    [InlineData("""{"description":42}""", "phải là chuỗi")]
    public void Bad_input_gives_Vietnamese_errors(string json, string expected)
    {
        var r = DossierRequestParser.Parse(json, Now);
        Assert.False(r.IsValid);
        Assert.Contains(r.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Five_hundred_documents_and_a_one_megabyte_description_are_refused()
    {
        var docs = string.Join(",", Enumerable.Range(1, 500).Select(i => $"\"giấy {i}\""));
        var many = DossierRequestParser.Parse($$"""{"description":"x","documents":[{{docs}}]}""", Now);
        Assert.Contains(many.Errors, e => e.Contains("500 mục", StringComparison.Ordinal));
        var big = DossierRequestParser.Parse($$"""{"description":"{{new string('a', 1_000_000)}}"}""", Now);
        Assert.Contains(big.Errors, e => e.Contains("quá dài", StringComparison.Ordinal));
    }
}
