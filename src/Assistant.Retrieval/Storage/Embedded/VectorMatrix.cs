using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Assistant.Retrieval.Storage.Embedded;

/// <summary>
/// The dense vectors of one reader's documents as one contiguous row-major matrix (row = global doc id), scanned exactly:
/// a few hundred thousand rows fit in memory and an exact scan needs no approximate index to tune.
/// </summary>
internal sealed class VectorMatrix
{
    /// <summary>Below this many rows one thread scans faster than several (the split and merge cost more than they save).</summary>
    public const int ParallelFromRows = 20_000;

    private readonly float[] _values;
    private readonly bool[] _present;

    public int Rows { get; }
    /// <summary>Length of every vector; 0 when the reader holds none.</summary>
    public int Dimensions { get; }
    /// <summary>Rows that hold a vector.</summary>
    public int Count { get; private set; }

    public VectorMatrix(int rows, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(dimensions);
        Rows = rows;
        Dimensions = dimensions;
        _values = new float[(long)rows * dimensions];
        _present = new bool[rows];
    }

    /// <summary>Stores the vector of a row; a vector of another length than <see cref="Dimensions"/> is ignored.</summary>
    public void Set(int row, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions || Dimensions == 0) return;
        vector.CopyTo(_values.AsSpan(row * Dimensions, Dimensions));
        if (!_present[row]) Count++;
        _present[row] = true;
    }

    public bool Has(int row) => _present[row];

    /// <summary>A copy of the row's vector, or null when it has none.</summary>
    public float[]? Vector(int row) => _present[row] ? _values.AsSpan(row * Dimensions, Dimensions).ToArray() : null;

    /// <summary>
    /// Loads the vectors stored as binary doc values in <paramref name="field"/> of every live document. The first vector
    /// fixes the dimensions (the manifest guarantees one model per store); vectors of another length are skipped.
    /// </summary>
    public static VectorMatrix Load(IndexReader reader, string field)
    {
        int dims = 0;
        ForEachVector(reader, field, (_, bytes) => { dims = bytes.Length / sizeof(float); return false; });
        var matrix = new VectorMatrix(reader.MaxDoc, dims);
        if (dims > 0)
        {
            ForEachVector(reader, field, (global, bytes) =>
            {
                if (bytes.Length != dims * sizeof(float)) return true;
                matrix.Set(global, MemoryMarshal.Cast<byte, float>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length)));
                return true;
            });
        }
        return matrix;
    }

    /// <summary>Visits the non-empty vector of every live document (global doc id, bytes) until the visitor returns false.</summary>
    private static void ForEachVector(IndexReader reader, string field, Func<int, BytesRef, bool> visit)
    {
        foreach (var leaf in reader.Leaves)
        {
            var values = leaf.AtomicReader.GetBinaryDocValues(field);
            if (values is null) continue;
            var live = leaf.AtomicReader.LiveDocs;
            var bytes = new BytesRef();
            for (int d = 0; d < leaf.AtomicReader.MaxDoc; d++)
            {
                if (live is not null && !live.Get(d)) continue;
                values.Get(d, bytes);
                if (bytes.Length == 0) continue;
                if (!visit(leaf.DocBase + d, bytes)) return;
            }
        }
    }

    /// <summary>
    /// The <paramref name="k"/> rows of <paramref name="allowed"/> most similar to the query, best first. Vectors are
    /// L2-normalised by the embedding generator, so the dot product is the cosine. Large matrices are scanned in a few
    /// ranges in parallel (<paramref name="parallelism"/> overrides how many), each keeping its own top k, merged at the end.
    /// </summary>
    public List<int> TopK(float[] query, FixedBitSet allowed, int k, int? parallelism = null)
    {
        int n = allowed.Length;
        int parts = Math.Max(1, parallelism ?? (n >= ParallelFromRows ? Math.Min(Environment.ProcessorCount, 4) : 1));
        var partial = new List<(int Doc, float Score)>[parts];
        Parallel.For(0, parts, part =>
        {
            int from = (int)((long)n * part / parts), to = (int)((long)n * (part + 1) / parts);
            var heap = new PriorityQueue<int, float>(k + 1);
            var q = query.AsSpan();
            for (int doc = from < n ? allowed.NextSetBit(from) : -1; doc >= 0 && doc < to; doc = doc + 1 < n ? allowed.NextSetBit(doc + 1) : -1)
            {
                if (!_present[doc]) continue;
                float score = TensorPrimitives.Dot(q, _values.AsSpan(doc * Dimensions, Dimensions));
                if (heap.Count < k) heap.Enqueue(doc, score);
                else if (heap.TryPeek(out _, out var min) && score > min) heap.EnqueueDequeue(doc, score);
            }
            var list = new List<(int, float)>(heap.Count);
            while (heap.TryDequeue(out var d, out var sc)) list.Add((d, sc));
            partial[part] = list;
        });
        return partial.SelectMany(p => p).OrderByDescending(r => r.Score).Take(k).Select(r => r.Doc).ToList();
    }
}
