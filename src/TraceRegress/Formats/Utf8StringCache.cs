using System.Text;
using System.Text.Json;

namespace TraceRegress.Formats;

/// <summary>
/// Shares the strings a trace repeats on every span (property names, attribute keys, operation names, status
/// codes, providers, models): one string per distinct short UTF-8 text instead of one per occurrence. Long or
/// escaped text is decoded as usual; the cache stops growing at a fixed size, so unique values (ids) cost
/// no more than before.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int MaxLength = 64;
    private const int MaxEntries = 4096;
    private const int BucketCount = 8192;

    private readonly Entry?[] _buckets = new Entry?[BucketCount];
    private int _count;

    private sealed class Entry(byte[] utf8, string text, int hash, Entry? next)
    {
        public readonly byte[] Utf8 = utf8;
        public readonly string Text = text;
        public readonly int Hash = hash;
        public readonly Entry? Next = next;
    }

    /// <summary>The current token's string (a property name or a string value); null for a JSON null.</summary>
    public string? Get(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxLength) return reader.GetString();
        return Get(reader.ValueSpan);
    }

    /// <summary>The string of unescaped UTF-8 text, shared when it is short.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength) return Encoding.UTF8.GetString(utf8);
        var hash = Hash(utf8);
        ref var bucket = ref _buckets[hash & (BucketCount - 1)];
        for (var e = bucket; e is not null; e = e.Next)
        {
            if (e.Hash == hash && utf8.SequenceEqual(e.Utf8)) return e.Text;
        }

        var text = Encoding.UTF8.GetString(utf8);
        if (_count < MaxEntries)
        {
            bucket = new Entry(utf8.ToArray(), text, hash, bucket);
            _count++;
        }

        return text;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var h = 2166136261u;
        foreach (var b in utf8) h = (h ^ b) * 16777619u;
        return (int)(h ^ (h >> 15));
    }
}
