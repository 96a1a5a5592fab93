namespace Assistant.Audit.Tests;

public sealed class SqliteAuditTrailTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _tmp = new();
    private readonly ManualTimeProvider _clock = new(Start);

    public void Dispose() => _tmp.Dispose();

    private string DbPath => _tmp.File("audit", "audit.db");

    private static AuditEntry Entry(int i, string actor = "sub-officer-a", string action = AuditActions.DossierOpen, string outcome = AuditOutcomes.Ok) =>
        new(actor, "officer", "00004", action, $"HS-{i:0000}", "127.0.0.1", outcome);

    /// <summary>Appends <paramref name="count"/> rows one minute apart and closes the trail.</summary>
    private void Fill(int count)
    {
        using var trail = new SqliteAuditTrail(DbPath, _clock);
        for (int i = 1; i <= count; i++)
        {
            trail.Append(Entry(i));
            _clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private AuditVerification VerifyFile()
    {
        using var trail = SqliteAuditTrail.OpenExisting(DbPath);
        return trail.Verify();
    }

    [Fact]
    public void Appended_rows_form_a_chain_that_verifies()
    {
        using var trail = new SqliteAuditTrail(DbPath, _clock);
        Assert.True(File.Exists(DbPath));
        Assert.Equal(1, trail.SchemaVersion);

        var first = trail.Append(new AuditEntry("sub-1", "officer", "00004", AuditActions.Triage, "HS-1", "10.0.0.5", AuditOutcomes.Ok));
        _clock.Advance(TimeSpan.FromSeconds(30));
        var second = trail.Append(new AuditEntry("anonymous", "citizen", null, AuditActions.QueueRead, null, null, AuditOutcomes.Denied));

        Assert.Equal(1, first.Seq);
        Assert.Equal(Start, first.At);
        Assert.Equal(SqliteAuditTrail.GenesisHash, first.PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", first.Hash);
        Assert.Equal(2, second.Seq);
        Assert.Equal(Start.AddSeconds(30), second.At);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.NotEqual(first.Hash, second.Hash);

        var result = trail.Verify();
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(2, result.RowsChecked);
        Assert.Null(result.BrokenAtSeq);
        Assert.Equal(AuditBreak.None, result.Break);
        Assert.Equal(2, result.HeadSeq);
        Assert.Equal(second.Hash, result.HeadHash);

        // Stored as appended, nulls included.
        var stored = trail.Query(new AuditQuery()).Items;
        Assert.Equal([first, second], stored);
    }

    [Fact]
    public void An_empty_trail_is_intact_with_the_genesis_head()
    {
        using var trail = new SqliteAuditTrail(DbPath, _clock);
        var result = trail.Verify();
        Assert.True(result.Intact);
        Assert.Equal(0, result.RowsChecked);
        Assert.Equal(0, result.HeadSeq);
        Assert.Equal(SqliteAuditTrail.GenesisHash, result.HeadHash);
    }

    [Fact]
    public void Reopening_the_file_keeps_the_rows_and_continues_the_chain()
    {
        Fill(3);
        using var trail = new SqliteAuditTrail(DbPath, _clock);
        Assert.Equal(1, trail.SchemaVersion);
        var fourth = trail.Append(Entry(4));
        Assert.Equal(4, fourth.Seq);
        var result = trail.Verify();
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(4, result.RowsChecked);
    }

    [Theory]
    [InlineData("actor", "sub-someone-else")]
    [InlineData("role", "supervisor")]
    [InlineData("unit", "*")]
    [InlineData("unit", null)]
    [InlineData("action", "override")]
    [InlineData("target_id", "HS-9999")]
    [InlineData("client_address", "203.0.113.7")]
    [InlineData("outcome", "denied")]
    [InlineData("at", "2026-03-02T07:00:00.0000000+00:00")]
    public void Editing_one_field_of_a_row_in_the_file_breaks_that_row(string column, string? value)
    {
        Fill(10);
        Assert.True(VerifyFile().Intact);

        Assert.Equal(1, SqliteFile.Execute(DbPath, $"UPDATE audit SET {column} = $v WHERE seq = 6", ("$v", value)));

        var result = VerifyFile();
        Assert.False(result.Intact);
        Assert.Equal(6, result.BrokenAtSeq);
        Assert.Equal(AuditBreak.ContentChanged, result.Break);
        Assert.Contains("hash không khớp với nội dung", result.Problem);
        Assert.Equal(6, result.RowsChecked);
        Assert.Equal(10, result.HeadSeq);
    }

    [Fact]
    public void Deleting_a_row_in_the_file_breaks_the_row_after_it_and_names_the_gap()
    {
        Fill(10);
        SqliteFile.Execute(DbPath, "DELETE FROM audit WHERE seq = 4");

        var result = VerifyFile();
        Assert.False(result.Intact);
        Assert.Equal(5, result.BrokenAtSeq);
        Assert.Equal(AuditBreak.RowMissing, result.Break);
        Assert.Contains("thiếu dòng #4", result.Problem);
    }

    [Fact]
    public void Deleting_several_rows_names_the_whole_gap()
    {
        Fill(10);
        SqliteFile.Execute(DbPath, "DELETE FROM audit WHERE seq BETWEEN 3 AND 5");

        var result = VerifyFile();
        Assert.Equal(6, result.BrokenAtSeq);
        Assert.Contains("#3–#5", result.Problem);
    }

    [Fact]
    public void Deleting_the_first_row_breaks_the_second()
    {
        Fill(5);
        SqliteFile.Execute(DbPath, "DELETE FROM audit WHERE seq = 1");

        var result = VerifyFile();
        Assert.Equal(2, result.BrokenAtSeq);
        Assert.Equal(AuditBreak.RowMissing, result.Break);
    }

    [Fact]
    public void Deleting_a_row_and_renumbering_the_rest_breaks_the_link()
    {
        // The attacker closes the gap in seq: the renumbered rows' hashes no longer match (seq is hashed).
        Fill(6);
        SqliteFile.Execute(DbPath, "DELETE FROM audit WHERE seq = 3; UPDATE audit SET seq = seq - 1 WHERE seq > 3;");

        var result = VerifyFile();
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAtSeq);
    }

    [Fact]
    public void Editing_a_row_and_recomputing_its_hash_breaks_the_next_row()
    {
        Fill(10);
        // Row 6 rewritten with a hash that matches its new content, as an attacker who knows the encoding would.
        var row = Row(6);
        var forged = row with { Actor = "sub-innocent" };
        var forgedHash = SqliteAuditTrail.ComputeHash(forged.Seq, Iso(forged.At), forged.Actor, forged.Role, forged.Unit, forged.Action,
            forged.TargetId, forged.ClientAddress, forged.Outcome, forged.PreviousHash);
        SqliteFile.Execute(DbPath, "UPDATE audit SET actor = $a, hash = $h WHERE seq = 6", ("$a", forged.Actor), ("$h", forgedHash));

        var result = VerifyFile();
        Assert.False(result.Intact);
        Assert.Equal(7, result.BrokenAtSeq);
        Assert.Equal(AuditBreak.LinkBroken, result.Break);
        Assert.Contains("prev_hash không khớp với hash của dòng #6", result.Problem);
    }

    [Fact]
    public void Editing_only_the_previous_hash_breaks_that_row()
    {
        Fill(4);
        SqliteFile.Execute(DbPath, "UPDATE audit SET prev_hash = $p WHERE seq = 3", ("$p", SqliteAuditTrail.GenesisHash));

        var result = VerifyFile();
        Assert.Equal(3, result.BrokenAtSeq);
        Assert.Equal(AuditBreak.ContentChanged, result.Break);
    }

    [Fact]
    public void Deleting_the_last_rows_cannot_be_seen_from_the_chain_but_moves_the_head()
    {
        // The documented limit: the chain stays intact, only the head recorded elsewhere shows the loss.
        Fill(10);
        var before = VerifyFile();
        SqliteFile.Execute(DbPath, "DELETE FROM audit WHERE seq > 8");

        var after = VerifyFile();
        Assert.True(after.Intact);
        Assert.Equal(8, after.HeadSeq);
        Assert.NotEqual(before.HeadHash, after.HeadHash);
        Assert.Equal(10, before.HeadSeq);
    }

    [Fact]
    public void Concurrent_appends_from_threads_and_two_instances_on_one_file_form_one_chain()
    {
        const int threadsPerInstance = 3, rowsPerThread = 40;
        using var a = new SqliteAuditTrail(DbPath, _clock);
        using var b = new SqliteAuditTrail(DbPath, _clock);
        using var go = new Barrier(2 * threadsPerInstance);
        var threads = new List<Thread>();
        var appended = new System.Collections.Concurrent.ConcurrentBag<AuditRecord>();
        foreach (var trail in new[] { a, b })
        {
            for (int t = 0; t < threadsPerInstance; t++)
            {
                var actor = $"sub-{threads.Count}";
                var thread = new Thread(() =>
                {
                    go.SignalAndWait();
                    for (int i = 0; i < rowsPerThread; i++) appended.Add(trail.Append(Entry(i, actor)));
                });
                threads.Add(thread);
                thread.Start();
            }
        }
        foreach (var thread in threads) thread.Join();

        const int total = 2 * threadsPerInstance * rowsPerThread;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), appended.Select(r => r.Seq).Order());
        var result = a.Verify();
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(total, result.RowsChecked);
        Assert.True(b.Verify().Intact);
    }

    [Fact]
    public void Appends_that_queue_behind_a_batch_are_written_together_in_one_transaction_and_chain_exactly()
    {
        using var trail = new SqliteAuditTrail(DbPath, _clock);
        const int followers = 5;
        var sizes = new System.Collections.Concurrent.ConcurrentQueue<int>();
        using var firstBatchStarted = new ManualResetEventSlim();
        using var releaseFirstBatch = new ManualResetEventSlim();
        trail.BeforeBatch = size =>
        {
            sizes.Enqueue(size);
            if (sizes.Count == 1)
            {
                firstBatchStarted.Set();
                releaseFirstBatch.Wait();
            }
        };
        var records = new System.Collections.Concurrent.ConcurrentBag<AuditRecord>();
        var first = new Thread(() => records.Add(trail.Append(Entry(0, "sub-first"))));
        first.Start();
        firstBatchStarted.Wait();
        // The first row's batch is being written (held in the hook): these five queue up behind it.
        var others = Enumerable.Range(1, followers).Select(i => new Thread(() => records.Add(trail.Append(Entry(i, $"sub-{i}"))))).ToList();
        foreach (var t in others) t.Start();
        SpinWait.SpinUntil(() => trail.Waiting == followers);
        releaseFirstBatch.Set();
        first.Join();
        foreach (var t in others) t.Join();

        Assert.Equal([1, followers], sizes.ToArray());
        Assert.Equal(2, trail.Commits);
        Assert.Equal(Enumerable.Range(1, followers + 1).Select(i => (long)i), records.Select(r => r.Seq).Order());
        var bySeq = records.OrderBy(r => r.Seq).ToList();
        for (int i = 1; i < bySeq.Count; i++) Assert.Equal(bySeq[i - 1].Hash, bySeq[i].PreviousHash);
        var result = trail.Verify();
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(followers + 1, result.RowsChecked);
        Assert.Equal(bySeq[^1].Hash, result.HeadHash);
    }

    [Fact]
    public void A_failed_batch_fails_every_caller_in_it_and_the_next_append_still_chains()
    {
        using var trail = new SqliteAuditTrail(DbPath, _clock);
        trail.Append(Entry(0));
        var fail = true;
        trail.BeforeBatch = _ => { if (fail) throw new IOException("disk gone (test)"); };
        Assert.Throws<InvalidOperationException>(() => trail.Append(Entry(1)));
        fail = false;
        var next = trail.Append(Entry(2));
        Assert.Equal(2, next.Seq);
        Assert.True(trail.Verify().Intact);
    }

    [Fact]
    public void Query_filters_by_actor_action_target_outcome_and_time()
    {
        using var trail = new SqliteAuditTrail(DbPath, _clock);
        trail.Append(new AuditEntry("sub-a", "officer", "00004", AuditActions.QueueRead, null, "10.0.0.1", AuditOutcomes.Ok));      // 08:00
        _clock.Advance(TimeSpan.FromHours(1));
        trail.Append(new AuditEntry("sub-a", "officer", "00004", AuditActions.DossierOpen, "HS-2", "10.0.0.1", AuditOutcomes.Denied)); // 09:00
        _clock.Advance(TimeSpan.FromHours(1));
        trail.Append(new AuditEntry("sub-b", "supervisor", "*", AuditActions.Override, "HS-2", "10.0.0.2", AuditOutcomes.Ok));      // 10:00
        _clock.Advance(TimeSpan.FromHours(1));
        trail.Append(new AuditEntry("sub-b", "supervisor", "*", AuditActions.DossierOpen, "HS-3", "10.0.0.2", AuditOutcomes.Ok));   // 11:00

        static long[] Seqs(AuditPage p) => [.. p.Items.Select(r => r.Seq)];
        Assert.Equal([1, 2], Seqs(trail.Query(new AuditQuery(Actor: "sub-a"))));
        Assert.Equal([2, 4], Seqs(trail.Query(new AuditQuery(Action: AuditActions.DossierOpen))));
        Assert.Equal([2, 3], Seqs(trail.Query(new AuditQuery(TargetId: "HS-2"))));
        Assert.Equal([2], Seqs(trail.Query(new AuditQuery(Outcome: AuditOutcomes.Denied))));
        Assert.Equal([4], Seqs(trail.Query(new AuditQuery(Actor: "sub-b", Action: AuditActions.DossierOpen))));
        Assert.Empty(trail.Query(new AuditQuery(Actor: "sub-a", Action: AuditActions.Override)).Items);
        // From inclusive, To exclusive; any offset is compared as UTC.
        Assert.Equal([2, 3], Seqs(trail.Query(new AuditQuery(From: Start.AddHours(1), To: Start.AddHours(3)))));
        Assert.Equal([2, 3], Seqs(trail.Query(new AuditQuery(From: Start.AddHours(1).ToOffset(TimeSpan.FromHours(7)), To: Start.AddHours(3).ToOffset(TimeSpan.FromHours(7))))));
        Assert.Equal([4], Seqs(trail.Query(new AuditQuery(From: Start.AddHours(2).AddTicks(1)))));
    }

    [Fact]
    public void Paging_walks_every_matching_row_exactly_once()
    {
        using var trail = new SqliteAuditTrail(DbPath, _clock);
        for (int i = 1; i <= 23; i++)
            trail.Append(Entry(i, action: i % 3 == 0 ? AuditActions.Override : AuditActions.DossierOpen));

        var seen = new List<long>();
        long after = 0;
        int pages = 0;
        while (true)
        {
            var page = trail.Query(new AuditQuery(Action: AuditActions.DossierOpen, AfterSeq: after, Limit: 4));
            pages++;
            Assert.InRange(page.Items.Count, 1, 4);
            seen.AddRange(page.Items.Select(r => r.Seq));
            if (page.NextAfterSeq is not { } next) break;
            Assert.Equal(page.Items[^1].Seq, next);
            after = next;
        }
        var expected = Enumerable.Range(1, 23).Where(i => i % 3 != 0).Select(i => (long)i).ToList();
        Assert.Equal(expected, seen);
        Assert.Equal(4, pages); // 16 rows: 4 + 4 + 4 + 4, the last page knows it is the last
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(10_000, SqliteAuditTrail.MaxPageSize)]
    public void The_page_size_is_clamped(int asked, int expected)
    {
        using var trail = new SqliteAuditTrail(DbPath, _clock);
        for (int i = 0; i < SqliteAuditTrail.MaxPageSize + 2; i++) trail.Append(Entry(i));
        var page = trail.Query(new AuditQuery(Limit: asked));
        Assert.Equal(expected, page.Items.Count);
        Assert.Equal(expected, page.NextAfterSeq);
    }

    [Fact]
    public void The_hash_encoding_cannot_be_fooled_by_separators_or_nulls()
    {
        string H(string? actor, string? role, string? unit) => SqliteAuditTrail.ComputeHash(1, "t", actor, role, unit, "a", null, null, "ok", SqliteAuditTrail.GenesisHash);
        Assert.NotEqual(H("a|b", "c", null), H("a", "b|c", null));
        Assert.NotEqual(H("ab", "", null), H("a", "b", null));
        Assert.NotEqual(H("a", "b", null), H("a", "b", ""));
        Assert.Equal(H("a", "b", null), H("a", "b", null));
        Assert.NotEqual(SqliteAuditTrail.ComputeHash(1, "t", "a", "b", null, "a", null, null, "ok", "p"),
            SqliteAuditTrail.ComputeHash(2, "t", "a", "b", null, "a", null, null, "ok", "p"));
    }

    [Fact]
    public void The_table_has_no_column_for_free_text()
    {
        // Never dossier text or personal data: the row is who, role, unit, action, target id, time, address, outcome and the chain.
        Fill(1);
        Assert.Equal(["seq", "at", "actor", "role", "unit", "action", "target_id", "client_address", "outcome", "prev_hash", "hash"],
            SqliteFile.Columns(DbPath, "audit"));
    }

    [Fact]
    public void Opening_for_verification_creates_and_writes_nothing()
    {
        var missing = _tmp.File("none", "audit.db");
        Assert.Throws<FileNotFoundException>(() => SqliteAuditTrail.OpenExisting(missing));
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));

        var other = _tmp.File("other.db");
        SqliteFile.Execute(other, "CREATE TABLE t (x INTEGER)");
        Assert.Throws<InvalidDataException>(() => SqliteAuditTrail.OpenExisting(other));

        var text = _tmp.File("text.db");
        File.WriteAllText(text, "not a database at all, just some text that is long enough to be read as a header");
        Assert.Throws<InvalidDataException>(() => SqliteAuditTrail.OpenExisting(text));

        Fill(2);
        using var readOnly = SqliteAuditTrail.OpenExisting(DbPath);
        Assert.Throws<InvalidOperationException>(() => readOnly.Append(Entry(3)));
        Assert.Equal(2, readOnly.Verify().RowsChecked);
    }

    [Fact]
    public void Entries_without_actor_role_action_or_outcome_are_refused()
    {
        using var trail = new SqliteAuditTrail(DbPath, _clock);
        Assert.Throws<ArgumentException>(() => trail.Append(Entry(1) with { Actor = "" }));
        Assert.Throws<ArgumentException>(() => trail.Append(Entry(1) with { Role = " " }));
        Assert.Throws<ArgumentException>(() => trail.Append(Entry(1) with { Action = "" }));
        Assert.Throws<ArgumentException>(() => trail.Append(Entry(1) with { Outcome = "" }));
        Assert.Equal(0, trail.Verify().RowsChecked);
    }

    private AuditRecord Row(long seq)
    {
        using var trail = SqliteAuditTrail.OpenExisting(DbPath);
        return Assert.Single(trail.Query(new AuditQuery(AfterSeq: seq - 1, Limit: 1)).Items);
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
