using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace TraceRegress.Redaction;

/// <summary>
/// Masks secrets in a trace document of any supported format by editing its UTF-8 JSON: only the bytes
/// of a secret change (into a placeholder such as <c>[REDACTED:openai-key:1]</c>); the format, the span
/// structure and every other byte stay as they were. One pass over the bytes: the structure is read with
/// <see cref="Utf8JsonReader"/> (nothing is built), names decide the sensitivity of whole values, strings
/// that hold JSON are redacted as JSON, and other strings are searched once for every anchor of every shape.
/// </summary>
internal sealed class TraceRedactor
{
    /// <summary>Nesting deeper than this is an error, not a crash.</summary>
    public const int MaxDepth = 256;

    /// <summary>How many levels of JSON inside strings inside JSON are looked into.</summary>
    private const int MaxEmbeddedDepth = 8;

    /// <summary>No secret, not even <c>pwd=x</c>, is shorter.</summary>
    private const int MinSecretText = 5;

    /// <summary>A member name this long may hold a token (a dictionary keyed by token); shorter names are only names.</summary>
    private const int MinTokenName = 16;

    private static readonly JsonReaderOptions ReaderOptions = new() { AllowMultipleValues = true, MaxDepth = MaxDepth + 1 };

    private readonly RedactionOptions _options;
    private readonly SecretTextScanner _scanner;
    private readonly Dictionary<string, NameClass?> _names = new(StringComparer.Ordinal);

    /// <summary>How many distinct names are remembered at most.</summary>
    private const int MaxRememberedNames = 100_000;

    // Member names by their UTF-8 bytes as written (unescaped names only): a trace repeats a few dozen names
    // hundreds of thousands of times, and each is decoded, classified and scanned once.
    private readonly Dictionary<byte[], MemberName> _members = new(Utf8Keys.Instance);

    // In front of it, the last name seen in each of a few slots: the names of a trace repeat in a pattern.
    private readonly (byte[]? Name, MemberName Member)[] _recentMembers = new (byte[]?, MemberName)[256];
    private readonly List<TextMatch> _matches = [];

    /// <summary>Texts shorter than this are scanned again rather than remembered.</summary>
    private const int MinRememberedText = 48;

    /// <summary>How much text is remembered at most (characters), so memory stays bounded by the budget.</summary>
    private const int MaxRememberedChars = 8 * 1024 * 1024;

    private readonly Dictionary<string, TextMatch[]> _seen = new(StringComparer.Ordinal);
    private long _rememberedChars;

    // The decoded text of the string being scanned: no scan runs while another is under way.
    private char[] _chars = new char[1024];
    private List<Finding> _findings = [];

    public TraceRedactor(RedactionOptions? options = null)
    {
        _options = options ?? RedactionOptions.Default;
        _scanner = new SecretTextScanner([.. _options.Patterns, .. SecretShapeTable.BuiltIn], ClassifyName);
    }

    /// <summary>Redacts UTF-8 JSON bytes (a byte order mark is kept); with nothing to mask, the result holds the same array.</summary>
    /// <exception cref="TraceFormatException">The bytes are not UTF-8 JSON.</exception>
    public RedactionResult Redact(byte[] utf8, string sourceName)
    {
        Find(utf8, sourceName);
        return _findings.Count == 0 ? new RedactionResult(utf8, new Dictionary<string, int>()) : Apply(utf8, _findings);
    }

    /// <summary>Redacts UTF-8 JSON bytes (a byte order mark is kept).</summary>
    /// <exception cref="TraceFormatException">The bytes are not UTF-8 JSON.</exception>
    public RedactionResult Redact(ReadOnlySpan<byte> utf8, string sourceName)
    {
        Find(utf8, sourceName);
        return Apply(utf8, _findings);
    }

    private void Find(ReadOnlySpan<byte> utf8, string sourceName)
    {
        if (!Utf8.IsValid(utf8))
        {
            var (line, column) = TraceFormatException.LineColumn(utf8, FirstInvalidByte(utf8));
            throw new TraceFormatException(sourceName, line, column, "the file is not UTF-8 text: expected a JSON trace document");
        }

        var body = utf8.StartsWith("\uFEFF"u8) ? 3 : 0;
        _findings = [];
        _names.Clear();
        _members.Clear();
        Array.Clear(_recentMembers);
        _seen.Clear();
        _rememberedChars = 0;
        WalkDocument(utf8[body..], body, sourceName);
    }

    /// <summary>Redacts JSON text.</summary>
    /// <exception cref="TraceFormatException">The text is not JSON.</exception>
    public RedactionResult Redact(string text, string sourceName) => Redact(Encoding.UTF8.GetBytes(text), sourceName);

    private static RedactionResult Apply(ReadOnlySpan<byte> utf8, List<Finding> findings)
    {
        var placeholders = new RedactionPlaceholders();
        if (findings.Count == 0) return new RedactionResult(utf8.ToArray(), placeholders.Counts);
        findings.Sort((a, b) => a.Start.CompareTo(b.Start));
        var assigned = new byte[findings.Count][];
        var length = utf8.Length;
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            assigned[i] = Encoding.UTF8.GetBytes(placeholders.For(f.Kind, f.Secret));
            length += assigned[i].Length - (f.End - f.Start);
        }

        var output = new byte[length];
        var written = 0;
        var at = 0;
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            utf8[at..f.Start].CopyTo(output.AsSpan(written));
            written += f.Start - at;
            assigned[i].CopyTo(output, written);
            written += assigned[i].Length;
            at = f.End;
        }

        utf8[at..].CopyTo(output.AsSpan(written));
        return new RedactionResult(output, new Dictionary<string, int>(placeholders.Counts, StringComparer.Ordinal));
    }

    private void WalkDocument(ReadOnlySpan<byte> json, int offset, string sourceName)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            var any = false;
            while (reader.Read())
            {
                any = true;
                WalkValue(ref reader, json, offset, null, 0, 0);
            }

            if (!any) throw new TraceFormatException(sourceName, 1, 1, "the file is empty: expected a JSON trace document");
        }
        catch (JsonException e)
        {
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber", StringComparison.Ordinal);
            if (cut > 0) reason = reason[..cut].TrimEnd(' ', '.');
            throw new TraceFormatException(sourceName, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, "malformed JSON: " + reason, e);
        }
        catch (NestedTooDeep e)
        {
            var (line, column) = TraceFormatException.LineColumn(json, e.Position);
            throw new TraceFormatException(sourceName, line, column, $"the document nests deeper than {MaxDepth} levels");
        }
    }

    /// <summary>
    /// Walks the value the reader stands on. Findings are recorded in the coordinates of the buffer
    /// <paramref name="json"/> is part of, <paramref name="offset"/> being the position of json[0] in it.
    /// </summary>
    private void WalkValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int offset, NameClass? inherited, int depth, int embedded)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                RedactString(json, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, reader.ValueIsEscaped, offset, inherited, embedded);
                break;
            case JsonTokenType.StartArray:
                if (depth >= MaxDepth) throw new NestedTooDeep((int)reader.TokenStartIndex + offset);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) WalkValue(ref reader, json, offset, inherited, depth + 1, embedded);
                break;
            case JsonTokenType.StartObject:
                if (depth >= MaxDepth) throw new NestedTooDeep((int)reader.TokenStartIndex + offset);
                WalkObject(ref reader, json, offset, inherited, depth, embedded);
                break;
        }
    }

    /// <summary>
    /// A member's name decides for its whole value. Some names only say what their sibling means:
    /// <c>{"key": "db.password", "value": …}</c> (OTLP, Jaeger, HAR and Kubernetes name/value pairs) and a
    /// Kubernetes Secret's <c>data</c>. A member whose meaning is not yet known is read after its object.
    /// </summary>
    private void WalkObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int offset, NameClass? inherited, int depth, int embedded)
    {
        NameClass? pairClass = null;
        var pairSeen = false;
        var secretKind = false;
        var kindSeen = false;
        List<(int Start, int End, MemberRole Role)>? deferred = null;
        Span<char> nameBuffer = stackalloc char[64];
        var known = _members.GetAlternateLookup<ReadOnlySpan<byte>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var nameStart = (int)reader.TokenStartIndex + 1;
            var nameLength = reader.ValueSpan.Length;
            NameClass? memberClass;
            MemberRole role;
            if (!reader.ValueIsEscaped && TryRecall(known, reader.ValueSpan, out var member))
            {
                // A name seen before, as written: what it says is known, and whether its text holds nothing to mask.
                if (nameLength >= MinTokenName && !member.NothingToMask) RedactString(json, nameStart, nameLength, false, offset, null, embedded);
                memberClass = member.Class;
                role = member.Role;
            }
            else
            {
                var before = _findings.Count;
                if (nameLength >= MinTokenName) RedactString(json, nameStart, nameLength, reader.ValueIsEscaped, offset, null, embedded);
                var name = reader.ValueIsEscaped || nameLength > nameBuffer.Length
                    ? reader.GetString().AsSpan()
                    : nameBuffer[..Encoding.UTF8.GetChars(reader.ValueSpan, nameBuffer)];
                memberClass = ClassifyName(name);
                role = RoleOf(name);
                if (!reader.ValueIsEscaped && _members.Count < MaxRememberedNames)
                {
                    // JSON held in a name is walked to a depth that depends on where it stands: such a name is not remembered as clean.
                    var nothingToMask = _findings.Count == before && name.TrimStart(" \t\r\n").IndexOfAny('{', '[') != 0;
                    _members[reader.ValueSpan.ToArray()] = new MemberName(memberClass, role, nothingToMask);
                }
            }

            reader.Read();

            if ((role == MemberRole.Value && !pairSeen && memberClass is null) || (role == MemberRole.SecretData && !kindSeen))
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                (deferred ??= []).Add((start, (int)reader.BytesConsumed, role));
                continue;
            }

            if (role == MemberRole.Key && reader.TokenType == JsonTokenType.String)
            {
                pairSeen = true;
                pairClass = ClassifyName(reader.GetString());
            }
            else if (role == MemberRole.Kind && reader.TokenType == JsonTokenType.String)
            {
                kindSeen = true;
                secretKind = reader.ValueTextEquals("Secret"u8);
            }

            WalkValue(ref reader, json, offset, Effective(role, memberClass, pairClass, secretKind, inherited), depth + 1, embedded);
        }

        if (deferred is null) return;
        foreach (var (start, end, role) in deferred)
        {
            var slice = json[start..end];
            var member = new Utf8JsonReader(slice, ReaderOptions);
            member.Read();
            WalkValue(ref member, slice, offset + start, Effective(role, null, pairClass, secretKind, inherited), depth + 1, embedded);
        }
    }

    private bool TryRecall(Dictionary<byte[], MemberName>.AlternateLookup<ReadOnlySpan<byte>> known, ReadOnlySpan<byte> name, out MemberName member)
    {
        ref var recent = ref _recentMembers[Utf8Keys.Hash(name) & (_recentMembers.Length - 1)];
        if (recent.Name is { } recentName && name.SequenceEqual(recentName))
        {
            member = recent.Member;
            return true;
        }

        if (!known.TryGetValue(name, out var key, out member)) return false;
        recent = (key, member);
        return true;
    }

    private static NameClass? Effective(MemberRole role, NameClass? memberClass, NameClass? pairClass, bool secretKind, NameClass? inherited) => role switch
    {
        // OTLP's typed numbers are strings ("intValue": "812"): a number is never a secret, and readers need it.
        MemberRole.TypedNumber => null,
        _ when memberClass is not null => memberClass,
        MemberRole.Value when pairClass is not null => pairClass,
        MemberRole.SecretData when secretKind => new NameClass(NameStrength.Strong, "k8s-secret"),
        _ => inherited,
    };

    private static MemberRole RoleOf(ReadOnlySpan<char> name) => name switch
    {
        "value" or "Value" or "v" => MemberRole.Value,
        "key" or "Key" or "name" or "Name" => MemberRole.Key,
        "kind" => MemberRole.Kind,
        "data" or "stringData" => MemberRole.SecretData,
        "intValue" or "doubleValue" or "boolValue" => MemberRole.TypedNumber,
        _ => MemberRole.Other,
    };

    private void RedactString(ReadOnlySpan<byte> json, int start, int length, bool escaped, int offset, NameClass? inherited, int embedded)
    {
        if (length == 0) return;
        var raw = json.Slice(start, length);
        byte[]? rented = null;
        var text = raw;
        if (escaped)
        {
            rented = ArrayPool<byte>.Shared.Rent(length);
            text = rented.AsSpan(0, JsonEscapes.Decode(raw, rented));
        }

        try
        {
            var first = _findings.Count;
            RedactText(text, inherited, embedded);
            var cursor = (0, 0);
            for (var i = first; i < _findings.Count; i++)
            {
                var f = _findings[i];
                var s = escaped ? JsonEscapes.RawOffset(raw, f.Start, ref cursor) : f.Start;
                var e = escaped ? JsonEscapes.RawOffset(raw, f.End, ref cursor) : f.End;
                _findings[i] = f with { Start = offset + start + s, End = offset + start + e };
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The findings of a decoded string, in its own coordinates (UTF-8 bytes).</summary>
    private void RedactText(ReadOnlySpan<byte> text, NameClass? inherited, int embedded)
    {
        var trimmed = text.TrimStart(" \t\r\n"u8);
        if (embedded < MaxEmbeddedDepth && trimmed.Length > 1 && trimmed[0] is (byte)'{' or (byte)'[')
        {
            var before = _findings.Count;
            if (TryWalkEmbedded(text, inherited, embedded + 1)) return;
            _findings.RemoveRange(before, _findings.Count - before);
        }

        if (inherited is null && text.Length < MinSecretText) return;

        // Most strings are ASCII without any anchor: told from the bytes, with no decoding. Of the others, the
        // part before the first possible anchor is not looked at again.
        var anchorFree = inherited is null ? _scanner.AnchorFreePrefix(text) : 0;
        if (anchorFree == text.Length) return;
        if (_chars.Length < text.Length) _chars = new char[Math.Max(text.Length, _chars.Length * 2)];
        var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(text, _chars));
        {
            _matches.Clear();
            if (inherited is { } cls && SecretValues.CouldBeSecret(chars) && !SecretValues.HasOwnStructure(cls, chars)
                && (cls.Strength == NameStrength.Strong || SecretValues.LooksRandom(chars)))
            {
                // The name says the whole value is secret, unless shapes inside it leave only a scheme ("Bearer <token>").
                _scanner.Find(chars, _matches);
                if (!OnlySchemeLeft(chars, _matches))
                {
                    _matches.Clear();
                    _matches.Add(new TextMatch(0, chars.Length, cls.Kind));
                }
            }
            else
            {
                FindInText(chars, anchorFree);
            }

            var ascii = chars.Length == text.Length;
            foreach (var m in _matches)
            {
                var startByte = ascii ? m.Start : Encoding.UTF8.GetByteCount(chars[..m.Start]);
                var endByte = ascii ? m.End : startByte + Encoding.UTF8.GetByteCount(chars[m.Start..m.End]);
                _findings.Add(new Finding(startByte, endByte, m.Kind, chars[m.Start..m.End].ToString()));
            }
        }
    }

    /// <summary>
    /// Scans free text once per distinct content: a conversation is repeated in every later turn's input
    /// messages, and its texts are recognised as already seen (compared in full, not by hash alone).
    /// </summary>
    private void FindInText(ReadOnlySpan<char> chars, int anchorFree)
    {
        if (chars.Length < MinRememberedText)
        {
            _scanner.Find(chars, _matches, anchorFree);
            return;
        }

        var seen = _seen.GetAlternateLookup<ReadOnlySpan<char>>();
        if (_seen.Count > 0 && seen.TryGetValue(chars, out var known))
        {
            _matches.AddRange(known);
            return;
        }

        // A text without any anchor is scanned again as fast as it would be looked up: only the others are remembered.
        if (!_scanner.Find(chars, _matches, anchorFree)) return;
        if (_rememberedChars + chars.Length > MaxRememberedChars) return;
        _rememberedChars += chars.Length;
        _seen[chars.ToString()] = _matches.Count == 0 ? [] : _matches.ToArray();
    }

    private bool TryWalkEmbedded(ReadOnlySpan<byte> text, NameClass? inherited, int embedded)
    {
        var reader = new Utf8JsonReader(text, ReaderOptions);
        try
        {
            while (reader.Read()) WalkValue(ref reader, text, 0, inherited, 0, embedded);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (NestedTooDeep)
        {
            return false;
        }
    }

    // What the shapes and earlier placeholders leave of the value is nothing, or only an authorization scheme.
    private static bool OnlySchemeLeft(ReadOnlySpan<char> value, List<TextMatch> found)
    {
        var rest = new StringBuilder();
        var at = 0;
        foreach (var match in found)
        {
            rest.Append(value[at..match.Start]);
            at = match.End;
        }

        rest.Append(value[at..]);
        var left = rest.ToString();
        var removed = found.Count > 0;
        for (var i = left.IndexOf(RedactionPlaceholders.Prefix, StringComparison.Ordinal); i >= 0; i = left.IndexOf(RedactionPlaceholders.Prefix, i, StringComparison.Ordinal))
        {
            var end = RedactionPlaceholders.EndAt(left, i);
            if (end < 0)
            {
                i++;
                continue;
            }

            left = left.Remove(i, end - i);
            removed = true;
        }

        if (!removed) return false;

        left = left.Trim().Trim('"', '\'', ',', ';');
        return left.Length == 0 || left.Equals("bearer", StringComparison.OrdinalIgnoreCase) || left.Equals("basic", StringComparison.OrdinalIgnoreCase)
               || left.Equals("token", StringComparison.OrdinalIgnoreCase);
    }

    private NameClass? ClassifyName(ReadOnlySpan<char> name)
    {
        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(name, out var known)) return known;
        var text = name.ToString();
        NameClass? cls = null;
        foreach (var key in _options.SensitiveKeys)
        {
            if (!key.IsMatch(text)) continue;
            cls = new NameClass(NameStrength.Strong, "secret");
            break;
        }

        cls ??= SecretNames.Classify(name);
        if (_names.Count < MaxRememberedNames) _names[text] = cls;
        return cls;
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        var at = 0;
        while (at < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[at..], out _, out var consumed) != OperationStatus.Done) return at;
            at += consumed;
        }

        return at;
    }

    private enum MemberRole
    {
        Other,
        Value,
        Key,
        Kind,
        SecretData,
        TypedNumber,
    }

    /// <summary>What a member name says (see <see cref="WalkObject"/>) and whether its own text holds nothing to mask.</summary>
    private readonly record struct MemberName(NameClass? Class, MemberRole Role, bool NothingToMask);

    /// <summary>Byte arrays compared by content, and looked up by a span of bytes.</summary>
    private sealed class Utf8Keys : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly Utf8Keys Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        // Names are short: their length and their first and last eight bytes tell them apart (equality is then
        // checked in full). Only where names fall in the table depends on it, never the output.
        public static int Hash(ReadOnlySpan<byte> bytes)
        {
            ulong head = 0, tail = 0;
            if (bytes.Length >= 8)
            {
                head = MemoryMarshal.Read<ulong>(bytes);
                tail = MemoryMarshal.Read<ulong>(bytes[^8..]);
            }
            else
            {
                foreach (var b in bytes) head = (head << 8) | b;
            }

            return (int)(((head * 0x9E3779B97F4A7C15UL) + (tail * 0xC2B2AE3D27D4EB4FUL) + (ulong)bytes.Length) >> 32);
        }
    }

    /// <summary>A secret's byte range, placeholder kind and decoded text (equal texts share a placeholder).</summary>
    private readonly record struct Finding(int Start, int End, string Kind, string Secret);

    private sealed class NestedTooDeep(int position) : Exception
    {
        public int Position { get; } = position;
    }
}

/// <summary>A redacted document and how many distinct secrets of each kind were masked.</summary>
/// <param name="Utf8">The redacted bytes.</param>
/// <param name="Counts">Distinct secrets per kind.</param>
internal sealed record RedactionResult(byte[] Utf8, IReadOnlyDictionary<string, int> Counts)
{
    private string? _text;

    /// <summary>The redacted text.</summary>
    public string Text => _text ??= Encoding.UTF8.GetString(Utf8);

    /// <summary>Distinct secrets masked in all.</summary>
    public int Total => Counts.Values.Sum();
}
