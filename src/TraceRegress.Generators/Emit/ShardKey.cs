using System.Text;

namespace TraceRegress.Generators.Emit;

/// <summary>
/// The shard a corpus test belongs to: FNV-1a (32 bit) of the trace's relative path (UTF-8, <c>/</c> separators,
/// case kept) modulo the shard count, plus one. Not <c>string.GetHashCode</c>, which changes from process to process:
/// the same trace lands in the same shard on every machine, build and runner, whatever the other traces are.
/// </summary>
internal static class ShardKey
{
    /// <summary>The shard count when <c>TraceRegressShardCount</c> is not set.</summary>
    public const int DefaultCount = 4;

    /// <summary>The largest shard count accepted.</summary>
    public const int MaxCount = 1000;

    /// <summary>The 32-bit FNV-1a hash of the path's UTF-8 bytes, with <c>\</c> read as <c>/</c>.</summary>
    public static uint Hash(string relativePath)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(relativePath.Replace('\\', '/')))
        {
            hash ^= b;
            hash *= prime;
        }

        return hash;
    }

    /// <summary>The shard of a trace, from 1 to <paramref name="count"/>.</summary>
    public static int Of(string relativePath, int count) => count <= 1 ? 1 : (int)(Hash(relativePath) % (uint)count) + 1;
}
