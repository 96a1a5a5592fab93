using Assistant.Triage.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Triage.Tests;

/// <summary>
/// Due dates from data/procedures/time-limits.tsv (the bundled file, through the real host): same-day rule with its
/// 15:00 cut-off, calendar days, the cases of 1.013831, and the note naming a basis no longer in force.
/// </summary>
public sealed class TimeLimitTests : IAsyncLifetime
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private TriageHost? _host;

    private TriageService Triage => _host!.Services.GetRequiredService<TriageService>();

    public async Task InitializeAsync() =>
        _host = await TriageHost.StartAsync(new DateTimeOffset(2026, 3, 2, 9, 0, 0, Vietnam));

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    private TriageResult Run(string description, DateTimeOffset receivedAt) =>
        Triage.Triage(new DossierRequest("TL-1", receivedAt, false, null, null, description, [], new ParcelInfo(null, null, null, null), null, []));

    // Wednesday 4 March 2026, a working day.
    private static DateTimeOffset Wednesday(int hour) => new(2026, 3, 4, hour, 0, 0, Vietnam);

    [Fact]
    public void Debt_removal_received_after_15h_is_due_the_next_working_day()
    {
        var r = Run("xin xóa ghi nợ tiền sử dụng đất trên giấy chứng nhận", Wednesday(16));
        Assert.Equal("1.013988", r.ProcedureCode);
        Assert.Equal("2026-03-05", r.DueDate);
        // 16:00 in Vietnam written in UTC: the cut-off reads Vietnam time.
        Assert.Equal("2026-03-05", Run("xin xóa ghi nợ tiền sử dụng đất trên giấy chứng nhận", Wednesday(16).ToUniversalTime()).DueDate);
    }

    [Fact]
    public void Debt_removal_received_in_the_morning_is_due_the_same_day()
    {
        var r = Run("xin xóa ghi nợ tiền sử dụng đất trên giấy chứng nhận", Wednesday(9));
        Assert.Equal("1.013988", r.ProcedureCode);
        Assert.Equal("2026-03-04", r.DueDate);
        Assert.Equal(0, r.WorkingDays);
    }

    [Fact]
    public void Mediation_counts_30_calendar_days()
    {
        var r = Run("đơn yêu cầu hòa giải tranh chấp đất đai với nhà hàng xóm", Wednesday(9));
        Assert.Equal("1.012812", r.ProcedureCode);
        Assert.Null(r.WorkingDays);
        Assert.Equal(30, r.CalendarDays);
        Assert.Equal("2026-04-03", r.DueDate);
        // Land Law 2024 is in force: no expired-basis note.
        Assert.DoesNotContain(r.Notes, n => n.Contains("hết hiệu lực", StringComparison.Ordinal));
    }

    [Fact]
    public void Inheritance_dossier_gets_8_working_days_without_review_for_the_time()
    {
        var r = Run("đăng ký sang tên thừa kế quyền sử dụng đất bố mẹ để lại", Wednesday(9));
        Assert.Equal("1.013831", r.ProcedureCode);
        Assert.Equal(8, r.WorkingDays);
        Assert.Equal("2026-03-16", r.DueDate);
        Assert.DoesNotContain(r.ReviewReasons, x => x.Contains("tùy trường hợp", StringComparison.Ordinal));
    }

    [Fact]
    public void Transfer_received_on_Wednesday_26_August_2026_is_due_across_the_National_Day_break()
    {
        // Day of receipt not counted: 27/8 (1), 28/8 (2); 29–30/8 weekend, 31/8 swapped day off, 1/9 adjacent day, 2/9
        // National Day; 3/9 (3), 4/9 (4), 7/9 (5), 8/9 (6), 9/9 (7), 10/9 (8). The make-up Saturday 22/8 is before receipt.
        var r = Run("hồ sơ chuyển nhượng quyền sử dụng đất, hợp đồng mua bán đã công chứng", new DateTimeOffset(2026, 8, 26, 9, 0, 0, Vietnam));
        Assert.Equal("1.013831", r.ProcedureCode);
        Assert.Equal(8, r.WorkingDays);
        Assert.Equal("2026-09-10", r.DueDate);
    }

    [Fact]
    public void Lease_in_an_industrial_park_gets_4_working_days()
    {
        var r = Run("đăng ký biến động cho thuê lại đất trong khu công nghiệp", Wednesday(9));
        Assert.Equal("1.013831", r.ProcedureCode);
        Assert.Equal(4, r.WorkingDays);
        Assert.Equal("2026-03-10", r.DueDate);
    }

    [Fact]
    public void Transfer_without_a_deciding_description_still_asks_for_review()
    {
        var r = Run("đăng ký biến động sang tên sổ đỏ", Wednesday(9));
        Assert.Equal("1.013831", r.ProcedureCode);
        Assert.Null(r.DueDate);
        Assert.Contains(r.ReviewReasons, x => x.Contains("tùy trường hợp", StringComparison.Ordinal));
    }

    [Fact]
    public void Basis_past_its_validity_is_named_in_the_notes_not_in_the_review_reasons()
    {
        var after = Run("đăng ký sang tên thừa kế quyền sử dụng đất bố mẹ để lại", Wednesday(9));
        var note = Assert.Single(after.Notes, n => n.Contains("hết hiệu lực", StringComparison.Ordinal));
        Assert.Contains("Nghị định 151/2025/NĐ-CP", note, StringComparison.Ordinal);
        Assert.Contains("31/01/2026", note, StringComparison.Ordinal);
        Assert.Contains("chờ quyết định của UBND TP Hà Nội", note, StringComparison.Ordinal);
        Assert.DoesNotContain(after.ReviewReasons, x => x.Contains("hết hiệu lực", StringComparison.Ordinal));
        Assert.Contains("Nghị định 151/2025/NĐ-CP", after.TimeLimitBasis, StringComparison.Ordinal);

        // Received on the last day the basis was in force: no note.
        var before = Run("đăng ký sang tên thừa kế quyền sử dụng đất bố mẹ để lại", new DateTimeOffset(2026, 1, 30, 9, 0, 0, Vietnam));
        Assert.DoesNotContain(before.Notes, n => n.Contains("hết hiệu lực", StringComparison.Ordinal));
    }
}
