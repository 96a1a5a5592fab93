using System.Runtime.InteropServices;
using Assistant.Retrieval.Storage.Embedded;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Assistant.Retrieval.Tests.Storage.Ranking;

public class VectorMatrixTests
{
    private static float[] Unit(params float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static FixedBitSet All(int n)
    {
        var bits = new FixedBitSet(n);
        bits.Set(0, n);
        return bits;
    }

    private static VectorMatrix Sample()
    {
        var m = new VectorMatrix(rows: 5, dimensions: 2);
        m.Set(0, Unit(1, 0));
        m.Set(1, Unit(0, 1));
        m.Set(2, Unit(1, 1));
        // Row 3 has no vector.
        m.Set(4, Unit(1, 0.2f));
        return m;
    }

    [Fact]
    public void Top_k_is_best_first_by_cosine_and_skips_rows_without_a_vector()
    {
        var m = Sample();

        Assert.Equal([0, 4, 2], m.TopK(Unit(1, 0), All(5), k: 3));
        Assert.Equal([1, 2, 4, 0], m.TopK(Unit(0, 1), All(5), k: 10));
        Assert.Equal(4, m.Count);
    }

    [Fact]
    public void Top_k_sees_only_the_allowed_rows()
    {
        var allowed = new FixedBitSet(5);
        allowed.Set(1);
        allowed.Set(2);

        Assert.Equal([2, 1], Sample().TopK(Unit(1, 0), allowed, k: 3));
    }

    [Fact]
    public void A_vector_of_another_length_is_ignored_and_rows_copy_out()
    {
        var m = Sample();
        m.Set(3, [1f, 0f, 0f]);

        Assert.False(m.Has(3));
        Assert.Null(m.Vector(3));
        var copy = m.Vector(0)!;
        copy[0] = 42;
        Assert.Equal(Unit(1, 0), m.Vector(0));
    }

    [Fact]
    public void The_parallel_scan_returns_what_one_thread_returns()
    {
        var random = new Random(7);
        int rows = VectorMatrix.ParallelFromRows + 1234, dims = 8;
        var m = new VectorMatrix(rows, dims);
        var allowed = new FixedBitSet(rows);
        for (int r = 0; r < rows; r++)
        {
            if (r % 5 != 0) m.Set(r, Unit(Enumerable.Range(0, dims).Select(_ => (float)random.NextDouble() - 0.5f).ToArray()));
            if (r % 3 != 0) allowed.Set(r);
        }
        var query = Unit(Enumerable.Range(0, dims).Select(_ => (float)random.NextDouble() - 0.5f).ToArray());

        var single = m.TopK(query, allowed, 50, parallelism: 1);
        Assert.Equal(50, single.Count);
        Assert.Equal(single, m.TopK(query, allowed, 50));
        Assert.Equal(single, m.TopK(query, allowed, 50, parallelism: 7));
        Assert.All(single, r => Assert.True(allowed.Get(r) && m.Has(r)));
    }

    [Fact]
    public void Load_reads_the_vectors_of_live_documents_from_binary_doc_values()
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            void Add(string id, float[]? vector)
            {
                var doc = new Document { new StringField("id", id, Field.Store.NO) };
                if (vector is not null) doc.Add(new BinaryDocValuesField("vec", new BytesRef(MemoryMarshal.AsBytes(vector.AsSpan()).ToArray())));
                writer.AddDocument(doc);
            }
            Add("a", Unit(1, 0));
            Add("none", null);
            Add("b", Unit(0, 1));
            Add("deleted", Unit(1, 1));
            writer.DeleteDocuments(new Term("id", "deleted"));
            writer.Commit();
        }
        using var reader = DirectoryReader.Open(directory);

        var m = VectorMatrix.Load(reader, "vec");

        Assert.Equal(2, m.Dimensions);
        Assert.Equal(2, m.Count);
        Assert.Equal(Unit(1, 0), m.Vector(0));
        Assert.Null(m.Vector(1));
        Assert.Equal(Unit(0, 1), m.Vector(2));
        Assert.Equal([0, 2], m.TopK(Unit(1, 0.1f), All(reader.MaxDoc), k: 5));
    }

    [Fact]
    public void A_reader_without_vectors_loads_an_empty_matrix()
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            writer.AddDocument(new Document { new StringField("id", "a", Field.Store.NO) });
            writer.Commit();
        }
        using var reader = DirectoryReader.Open(directory);

        var m = VectorMatrix.Load(reader, "vec");

        Assert.Equal((0, 0), (m.Dimensions, m.Count));
        Assert.Empty(m.TopK([], All(reader.MaxDoc), k: 5));
    }
}
