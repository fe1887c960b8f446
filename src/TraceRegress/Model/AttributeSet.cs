using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace TraceRegress.Model;

/// <summary>
/// An immutable set of attributes. Keys keep the order in which the source listed them; when a key
/// is repeated the last value wins (as OpenTelemetry SDKs do) and the repetition is not an error.
/// </summary>
public sealed class AttributeSet : IReadOnlyDictionary<string, AttributeValue>
{
    private readonly KeyValuePair<string, AttributeValue>[] _entries;
    private readonly Dictionary<string, int>? _index;

    /// <summary>The empty set.</summary>
    public static AttributeSet Empty { get; } = new([]);

    private AttributeSet(KeyValuePair<string, AttributeValue>[] entries)
    {
        _entries = entries;
        // Small sets are searched linearly: most spans carry a dozen attributes or fewer.
        if (entries.Length > 16)
        {
            _index = new Dictionary<string, int>(entries.Length, StringComparer.Ordinal);
            for (var i = 0; i < entries.Length; i++) _index[entries[i].Key] = i;
        }
    }

    /// <summary>Creates a set from key/value pairs; a repeated key keeps its first position and its last value.</summary>
    public static AttributeSet Create(IEnumerable<KeyValuePair<string, AttributeValue>> entries)
    {
        if (entries is List<KeyValuePair<string, AttributeValue>> owned) return Create(owned);
        var list = new List<KeyValuePair<string, AttributeValue>>();
        Dictionary<string, int>? seen = null;
        foreach (var entry in entries)
        {
            seen ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (seen.TryGetValue(entry.Key, out var at))
            {
                list[at] = entry;
            }
            else
            {
                seen[entry.Key] = list.Count;
                list.Add(entry);
            }
        }

        return list.Count == 0 ? Empty : new AttributeSet(list.ToArray());
    }

    /// <summary>Creates a set from a list (readers' spans): small lists are checked for repeated keys without a table.</summary>
    internal static AttributeSet Create(List<KeyValuePair<string, AttributeValue>> entries)
    {
        if (entries.Count == 0) return Empty;
        if (entries.Count > 16) return Create((IEnumerable<KeyValuePair<string, AttributeValue>>)entries.ToArray());
        var array = new KeyValuePair<string, AttributeValue>[entries.Count];
        var count = 0;
        foreach (var entry in entries)
        {
            var at = -1;
            for (var i = 0; i < count; i++)
            {
                if (string.Equals(array[i].Key, entry.Key, StringComparison.Ordinal))
                {
                    at = i;
                    break;
                }
            }

            if (at >= 0) array[at] = entry;
            else array[count++] = entry;
        }

        if (count < array.Length) Array.Resize(ref array, count);
        return new AttributeSet(array);
    }

    /// <inheritdoc />
    public AttributeValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No attribute '{key}'.");

    /// <inheritdoc />
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <inheritdoc />
    public IEnumerable<AttributeValue> Values => _entries.Select(e => e.Value);

    /// <inheritdoc />
    public int Count => _entries.Length;

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out AttributeValue value)
    {
        if (_index is not null)
        {
            if (_index.TryGetValue(key, out var i))
            {
                value = _entries[i].Value;
                return true;
            }
        }
        else
        {
            foreach (var entry in _entries)
            {
                if (string.Equals(entry.Key, key, StringComparison.Ordinal))
                {
                    value = entry.Value;
                    return true;
                }
            }
        }

        value = null;
        return false;
    }

    /// <summary>The value of the first key present, as text (see <see cref="AttributeValue.ToString"/>); null when none is present.</summary>
    public string? GetString(params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (TryGetValue(key, out var value) && value.Kind != AttributeValueKind.Null) return value.ToString();
        }

        return null;
    }

    /// <summary>The value of the first key present that reads as an integer; null when none does.</summary>
    public long? GetInt64(params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (TryGetValue(key, out var value) && value.TryGetInt64(out var number)) return number;
        }

        return null;
    }

    /// <summary>The value of the first key present that reads as a number; null when none does.</summary>
    public double? GetDouble(params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (TryGetValue(key, out var value) && value.TryGetDouble(out var number)) return number;
        }

        return null;
    }

    /// <summary>The attributes in the order the source listed them; a <c>foreach</c> over the set allocates nothing.</summary>
    public Enumerator GetEnumerator() => new(_entries);

    IEnumerator<KeyValuePair<string, AttributeValue>> IEnumerable<KeyValuePair<string, AttributeValue>>.GetEnumerator() =>
        ((IEnumerable<KeyValuePair<string, AttributeValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();

    /// <summary>Enumerates the attributes of a set in their order, without allocating.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, AttributeValue>>
    {
        private readonly KeyValuePair<string, AttributeValue>[] _entries;
        private int _index;

        internal Enumerator(KeyValuePair<string, AttributeValue>[] entries)
        {
            _entries = entries;
            _index = -1;
        }

        /// <inheritdoc />
        public readonly KeyValuePair<string, AttributeValue> Current => _entries[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_index < _entries.Length;

        /// <inheritdoc />
        public void Reset() => _index = -1;

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }
}
