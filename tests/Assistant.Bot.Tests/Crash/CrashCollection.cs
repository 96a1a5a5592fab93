using Assistant.Bot.Tests.Infrastructure;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Data.Sqlite;

namespace Assistant.Bot.Tests.Crash;

/// <summary>
/// The kill -9 and SIGTERM tests: each runs the built bot as a process (sometimes two or three in a row), so they run one
/// at a time, with one test OpenID provider for the officers' sign-ins.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection : ICollectionFixture<OidcProviderFixture>
{
    public const string Name = "Crash";
}

/// <summary>What the crash tests check on the files a killed bot left behind.</summary>
internal static class StoreChecks
{
    /// <summary>
    /// SQLite's own full check of a database file (b-tree structure, indexes against their tables, constraints):
    /// "ok" or the list of problems. Opening the file replays its write-ahead log, as the next start would.
    /// </summary>
    public static string IntegrityCheck(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        var lines = new List<string>();
        using var reader = check.ExecuteReader();
        while (reader.Read()) lines.Add(reader.GetString(0));
        return string.Join("\n", lines);
    }

    /// <summary>Rows whose foreign key points nowhere (a dossier's units or overrides without their dossier), as text.</summary>
    public static string ForeignKeyCheck(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA foreign_key_check";
        var problems = new List<string>();
        using var reader = check.ExecuteReader();
        while (reader.Read()) problems.Add($"{reader.GetValue(0)} row {reader.GetValue(1)} → {reader.GetValue(2)}");
        return string.Join("\n", problems);
    }

    /// <summary>The values of one column, all rows.</summary>
    public static List<string> Column(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return values;
    }

    /// <summary>
    /// Lucene's CheckIndex over the store folder: reads every segment of the latest commit (postings, stored fields, doc
    /// values) and reports whether it is clean, with its own report for the failure message.
    /// </summary>
    public static (bool Clean, int Segments, string Report) LuceneCheck(string storePath)
    {
        using var directory = FSDirectory.Open(new DirectoryInfo(storePath));
        var report = new StringWriter();
        var checker = new CheckIndex(directory);
        checker.InfoStream = report;
        var status = checker.DoCheckIndex();
        return (status.Clean, status.NumSegments, (status.MissingSegments ? "no commit found\n" : "") + report);
    }
}
