using Assistant.Conversation.Routing;

namespace Assistant.Conversation.Tests.Routing;

/// <summary>The cue lists of data/conversation as loaded, and the matching rule of each (they differ on purpose).</summary>
public sealed class TurnVocabularyTests
{
    internal static readonly Lazy<TurnVocabulary> Shipped = new(() => TurnVocabulary.Load(Path.Combine(AppContext.BaseDirectory, "data", "conversation")));

    private static TurnVocabulary Vocabulary => Shipped.Value;

    private static TurnText P(string text) => TurnText.Read(text);

    [Fact]
    public void The_shipped_lists_are_the_ones_routing_was_measured_with()
    {
        Assert.Equal(["xin chao", "chao", "hello", "hi", "alo", "chao ban", "chao bot"], Vocabulary.Greetings);
        Assert.Equal(["thuoc phuong nao", "thuoc xa nao", "sap nhap", "sau sap nhap", "gio thuoc", "nay thuoc", "bay gio la", "gio la",
            "doi thanh", "nay la", "phuong nao", "xa nao", "don vi nao", "dia ban nao"], Vocabulary.MergerCues);
        Assert.Equal(["cũ", "mới"], Vocabulary.MergerOldNew);
        Assert.Equal([ProcedureAspect.Papers, ProcedureAspect.Time, ProcedureAspect.Place, ProcedureAspect.Fees, ProcedureAspect.Basis],
            Vocabulary.FollowUpAspects.Select(a => a.Aspect));
        Assert.Equal(["giay to", "ho so", "can nhung gi", "can gi", "mang theo", "chuan bi"], Vocabulary.FollowUpAspects[0].Cues);
        Assert.Equal(["bao lau", "may ngay", "thoi han", "thoi gian", "bao nhieu ngay"], Vocabulary.FollowUpAspects[1].Cues);
        Assert.Equal(["nop o dau", "o dau", "noi nop", "co quan nao", "nop hoso", "nop truc tuyen"], Vocabulary.FollowUpAspects[2].Cues);
        Assert.Equal(["phi", "le phi", "bao nhieu tien", "ton bao nhieu"], Vocabulary.FollowUpAspects[3].Cues);
        Assert.Equal(["can cu", "luat nao", "dieu nao", "quy dinh nao"], Vocabulary.FollowUpAspects[4].Cues);
        Assert.Equal(["con ", "nua", "the con", "vay", "thu tuc do", "thu tuc nay", "cai do"], Vocabulary.FollowUpMarkers);
        Assert.Equal([
            "dat", "nha o", "so do", "so hong", "thua", "giay chung nhan", "quy hoach", "boi thuong", "thu hoi", "tai dinh cu", "tien su dung",
            "chuyen nhuong", "thua ke", "tang cho", "the chap", "tranh chap", "dia chinh", "luat", "nghi dinh", "quyet dinh", "dieu", "khoan",
            "giao dat", "cho thue", "den bu", "giai toa", "tho cu", "sang ten", "ho so", "thu tuc", "ubnd", "phuong", "xa", "huyen", "quan",
            "lan bien", "nha nuoc"], Vocabulary.DomainWords);
        Assert.Equal([
            "thu tuc", "lam gi", "lam j", "lam sao", "lam the nao", "lam nhu nao", "lam tiep", "phai lam", "can lam", "giay to", "ho so",
            "can gi", "can nhung gi", "can j", "nop", "o dau", "bao lau", "mat bao lau", "dang ky", "xin", "chuan bi", "tinh sao", "lam lai"],
            Vocabulary.ProcedureCues);
    }

    [Theory]
    [InlineData("Xin chào", true)]
    [InlineData("chào bạn", true)]
    [InlineData("hello bạn", true)]
    [InlineData("chào, tách thửa cần gì", false)]   // the whole message, not a greeting inside it
    [InlineData("hi vọng", false)]
    public void A_greeting_is_the_whole_message(string text, bool greeting) =>
        Assert.Equal(greeting, Vocabulary.IsGreeting(P(text)));

    [Theory]
    [InlineData("đất nông nghiệp là gì", true)]
    [InlineData("Đạt ơi", true)]                      // folded, "Đạt" is "dat"
    [InlineData("datxanh group", false)]             // whole words only
    [InlineData("khoảng cách", false)]               // "khoan" does not start "khoang"
    public void A_domain_word_stands_as_whole_words(string text, bool found) =>
        Assert.Equal(found, Vocabulary.HasDomainWord(P(text)));

    [Theory]
    [InlineData("phí bao nhiêu", ProcedureAspect.Fees)]
    [InlineData("ở phía nào", ProcedureAspect.Fees)]    // a follow-up cue only has to start a word: "phi" starts "phia"
    [InlineData("còn giấy tờ gì nữa", ProcedureAspect.Papers)]
    [InlineData("hồ sơ nộp ở đâu", ProcedureAspect.Papers)]   // the first aspect in the file's order wins
    [InlineData("mất bao lâu", ProcedureAspect.Time)]
    [InlineData("căn cứ luật nào", ProcedureAspect.Basis)]
    public void A_follow_up_cue_begins_a_word_and_the_first_aspect_wins(string text, ProcedureAspect aspect) =>
        Assert.Equal(aspect, Vocabulary.FollowUpAspect(P(text)));

    [Fact]
    public void No_follow_up_cue_no_aspect() => Assert.Null(Vocabulary.FollowUpAspect(P("xin chào")));

    [Theory]
    [InlineData("thế còn thì sao", true)]
    [InlineData("conga", false)]                 // "con " must end a word…
    [InlineData("bacon", true)]                  // …but need not start one
    [InlineData("nuamot", true)]                 // a plain substring
    public void A_follow_up_marker_is_a_plain_substring(string text, bool found) =>
        Assert.Equal(found, Vocabulary.HasFollowUpMarker(P(text)));

    [Theory]
    [InlineData("phường Dịch Vọng Hậu cũ", true)]
    [InlineData("phuong dich vong hau cu", true)]      // typed without diacritics
    [InlineData("đã định cư ở nước ngoài", false)]     // "cư" is not "cũ"
    [InlineData("mỗi năm", false)]                     // "mỗi" is not "mới"
    public void Old_and_new_are_compared_with_their_tones(string text, bool found) =>
        Assert.Equal(found, Vocabulary.SaysOldOrNew(text));

    [Theory]
    [InlineData("phường Dịch Vọng Hậu giờ thuộc phường nào", true)]
    [InlineData("sáp nhập xong thì sao", true)]
    [InlineData("sapnhap", false)]
    public void A_merger_cue_stands_as_whole_words(string text, bool found) =>
        Assert.Equal(found, Vocabulary.AsksAboutMerger(P(text)));

    [Theory]
    [InlineData("mua đất xong rồi thì làm j tiếp", true)]
    [InlineData("nộp ở đâu", true)]
    [InlineData("quy định về hạn mức giao đất", false)]
    public void A_procedure_cue_stands_as_whole_words(string text, bool found) =>
        Assert.Equal(found, Vocabulary.AsksForProcedure(P(text)));

    [Theory]
    [InlineData("Diện tích tối thiểu tách thửa ở Hà Nội", "tach-thua-toi-thieu")]
    [InlineData("so do tach thua toi thieu bao nhieu m2", "tach-thua-toi-thieu")]
    [InlineData("hạn mức đất ở Hà Nội là bao nhiêu", "han-muc-dat-o")]
    [InlineData("tách thửa đất cần giấy tờ gì", null)]          // the topic without a detail
    [InlineData("hạn mức giao đất nông nghiệp", null)]          // the word "hạn mức" about another limit
    [InlineData("diện tích tối thiểu để xây nhà", null)]        // the detail without the topic
    public void A_hanoi_rule_needs_a_topic_phrase_and_a_detail_phrase(string text, string? rule)
    {
        var notes = Vocabulary.LocalNotes(P(text));
        if (rule is null) Assert.Empty(notes);
        else Assert.Equal([Vocabulary.LocalRules.Single(r => r.Id == rule).Note], notes);
    }

    [Fact]
    public void A_missing_folder_or_file_is_an_error()
    {
        var dir = Directory.CreateTempSubdirectory("assistant-vocabulary-");
        try
        {
            Assert.Throws<InvalidDataException>(() => TurnVocabulary.Load(Path.Combine(dir.FullName, "none")));
            Assert.Throws<InvalidDataException>(() => TurnVocabulary.Load(dir.FullName));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Theory]
    [InlineData(TurnVocabulary.FollowUpAspectsFile, "price\tphi")]          // not an aspect
    [InlineData(TurnVocabulary.FollowUpAspectsFile, "fees")]                // no cues column
    [InlineData(TurnVocabulary.DomainWordsFile, "đất, nhà")]                 // not a clean phrase
    [InlineData(TurnVocabulary.GreetingsFile, "# only a comment")]          // an empty list
    [InlineData(TurnVocabulary.LocalRulesFile, "tach-thua\ttach thua\tghi chú")] // no note column
    [InlineData(TurnVocabulary.LocalRulesFile, "# only a comment")]          // no rule
    public void A_bad_file_is_an_error_not_a_shorter_list(string file, string content)
    {
        var dir = Directory.CreateTempSubdirectory("assistant-vocabulary-");
        try
        {
            foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "conversation"), "*.tsv"))
                File.Copy(f, Path.Combine(dir.FullName, Path.GetFileName(f)));
            File.WriteAllText(Path.Combine(dir.FullName, file), content + "\n");
            Assert.Throws<InvalidDataException>(() => TurnVocabulary.Load(dir.FullName));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Cues_may_be_written_with_diacritics()
    {
        var dir = Directory.CreateTempSubdirectory("assistant-vocabulary-");
        try
        {
            foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "conversation"), "*.tsv"))
                File.Copy(f, Path.Combine(dir.FullName, Path.GetFileName(f)));
            File.WriteAllText(Path.Combine(dir.FullName, TurnVocabulary.GreetingsFile), "Xin chào\n");
            Assert.Equal(["xin chao"], TurnVocabulary.Load(dir.FullName).Greetings);
        }
        finally { dir.Delete(recursive: true); }
    }
}
