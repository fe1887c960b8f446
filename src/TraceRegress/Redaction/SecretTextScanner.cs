using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace TraceRegress.Redaction;

/// <summary>Classifies a name (see <see cref="SecretNames"/>, plus the user's sensitive keys).</summary>
internal delegate NameClass? NameClassifier(ReadOnlySpan<char> name);

/// <summary>A secret found in a text: its range (end exclusive) and placeholder kind.</summary>
internal readonly record struct TextMatch(int Start, int End, string Kind);

/// <summary>
/// Finds secrets in free text in one pass: each position costs one look-up of its first three characters in a
/// bit table of the anchors (token prefixes, the literals regex shapes need, the words that make a name secret,
/// earlier placeholders), and only where an anchor may start are the anchors that begin with that character
/// compared. A regex runs only over texts that hold one of its anchors.
/// </summary>
internal sealed class SecretTextScanner
{
    private const string KubernetesSecretAnchor = "kind: secret";

    private static readonly SearchValues<char> ValueEnd = SearchValues.Create(" \t\r\n,;&\"'`)]}<>|\\");
    private static readonly SearchValues<char> ConnectionValueEnd = SearchValues.Create("\r\n;\"'\\");
    private static readonly SearchValues<char> LineEnd = SearchValues.Create("\r\n\"'`\\");

    // Schemes that may stand before the credential in an Authorization header.
    private static readonly HashSet<string> AuthorizationSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "bearer", "basic", "token", "digest", "negotiate", "bot", "apikey", "api-key", "key", "sharedaccesssignature",
        "aws4-hmac-sha256", "hmac", "flyv1", "ntlm", "ssws", "splunk", "dsn", "sso-key", "otp", "oauth",
    };

    private readonly IReadOnlyList<SecretShape> _shapes;
    private readonly NameClassifier _classify;
    // Which (case-folded) first two characters start an anchor, and one bit per hashed first three: a
    // position whose pair and bits are clear starts no anchor (checked where the search stops, see Visit).
    private readonly ulong[] _starts3 = new ulong[1 << 10];
    private readonly bool[] _pairs = new bool[128 * 128];
    private readonly bool[] _single = new bool[128];
    private static readonly char[] Folded = Enumerable.Range(0, 128).Select(c => Fold((char)c)).ToArray();
    private readonly List<Anchor>[] _byFirstChar = new List<Anchor>[129];
    private readonly int[] _unanchored;
    // The search. For each pair of ASCII characters (exactly as written) an anchor may start with, a slot;
    // for each slot, the set of ASCII third characters (two bit words; all of them, and the end of the text,
    // for an anchor of two characters or one followed by anything). Slot 0 is the empty set. Then the ASCII
    // characters an anchor of one character or with a second character outside ASCII starts with, and
    // whether an anchor starts outside ASCII.
    private readonly ushort[] _pairSlot = new ushort[128 * 128];
    private ulong[] _thirds = new ulong[2];
    private readonly bool[] _startsBeforeNonAscii = new bool[128];
    private bool _startsNonAscii;

    // Reused between texts: one scanner serves one redaction at a time.
    private readonly List<(int Start, int End, int Shape)> _shapeMatches = [];
    private readonly List<TextMatch> _nameValues = [];
    private readonly List<(int Start, int End)> _placeholders = [];
    private readonly List<int> _triggered = [];
    private readonly bool[] _isTriggered;

    public SecretTextScanner(IReadOnlyList<SecretShape> shapes, NameClassifier classify)
    {
        _shapes = shapes;
        _classify = classify;
        _isTriggered = new bool[shapes.Count];
        var unanchored = new List<int>();
        var anchors = new List<Anchor>();
        for (var i = 0; i < shapes.Count; i++)
        {
            switch (shapes[i])
            {
                case PrefixShape prefix:
                    // Prefixes are case-sensitive: an exact search finds fewer false starts.
                    foreach (var p in prefix.Prefixes) anchors.Add(new Anchor(p, AnchorKind.Prefix, i, StringComparison.Ordinal));
                    break;
                case RegexShape { Anchors.Count: 0 }:
                    unanchored.Add(i);
                    break;
                case RegexShape regex:
                    foreach (var a in regex.Anchors) anchors.Add(new Anchor(a, AnchorKind.Regex, i, StringComparison.OrdinalIgnoreCase));
                    break;
            }
        }

        foreach (var word in SecretNames.Words) anchors.Add(new Anchor(word, AnchorKind.Name, -1, StringComparison.OrdinalIgnoreCase));
        anchors.Add(new Anchor(RedactionPlaceholders.Prefix, AnchorKind.Placeholder, -1, StringComparison.Ordinal));
        anchors.Add(new Anchor(KubernetesSecretAnchor, AnchorKind.KubernetesSecret, -1, StringComparison.OrdinalIgnoreCase));
        _unanchored = unanchored.ToArray();
        PlanSearch(anchors);
        for (var i = 0; i < _byFirstChar.Length; i++) _byFirstChar[i] = [];
        foreach (var anchor in anchors)
        {
            var text = anchor.Text;
            var c = text[0];
            if (c >= 128)
            {
                _byFirstChar[128].Add(anchor);
                continue;
            }

            _byFirstChar[Fold(c)].Add(anchor);
            if (text.Length == 1)
            {
                for (var next = 0; next < 128; next++) _pairs[(Fold(c) << 7) | next] = true;
                _single[Fold(c)] = true;
                continue;
            }

            if (text[1] < 128) _pairs[(Fold(c) << 7) | Fold(text[1])] = true;
            if (text.Length >= 3) Set(_starts3, Hash(Fold(text[0]), Fold(text[1]), Fold(text[2])));
            else Set(_starts3, Hash(Fold(text[0]), Fold(text[1]), '\0'));
        }
    }

    // Every form an anchor may take in a text, by its first three characters: itself when case-sensitive,
    // and for a case-insensitive one each ASCII letter in either case. Where the scan compares (see Visit),
    // no character outside ASCII is taken for an ASCII one, so these forms are all a text can hold.
    private void PlanSearch(List<Anchor> anchors)
    {
        var thirds = new List<ulong> { 0, 0 };
        foreach (var anchor in anchors)
        {
            var text = anchor.Text;
            var ignoreCase = anchor.Comparison == StringComparison.OrdinalIgnoreCase;
            if (text[0] >= 128)
            {
                _startsNonAscii = true;
                continue;
            }

            foreach (var first in Forms(text[0], ignoreCase))
            {
                if (text.Length == 1 || text[1] >= 128)
                {
                    _startsBeforeNonAscii[first] = true;
                    if (text.Length > 1) continue;
                    for (var second = 0; second < 128; second++) AnyThird(first, second);
                    continue;
                }

                foreach (var second in Forms(text[1], ignoreCase))
                {
                    if (text.Length == 2 || text[2] >= 128)
                    {
                        AnyThird(first, second);
                        continue;
                    }

                    var slot = Slot(first, second);
                    foreach (var third in Forms(text[2], ignoreCase)) thirds[slot * 2 + (third >> 6)] |= 1UL << third;
                }
            }
        }

        _thirds = thirds.ToArray();

        int Slot(int first, int second)
        {
            ref var slot = ref _pairSlot[(first << 7) | second];
            if (slot == 0)
            {
                slot = checked((ushort)(thirds.Count / 2));
                thirds.AddRange([0, 0]);
            }

            return slot;
        }

        // Any third character, the end of the text ('\0') included.
        void AnyThird(int first, int second)
        {
            var slot = Slot(first, second);
            thirds[slot * 2] = thirds[slot * 2 + 1] = ulong.MaxValue;
        }

        static IEnumerable<char> Forms(char c, bool ignoreCase) =>
            ignoreCase && char.IsAsciiLetter(c) ? [char.ToLowerInvariant(c), char.ToUpperInvariant(c)] : [c];
    }

    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;

    private static int Hash(int a, int b, int c) => ((a * 31 + b) * 31 + c) & 0xFFFF;

    private static void Set(ulong[] bits, int hash) => bits[hash >> 6] |= 1UL << (hash & 63);

    private static bool IsSet(ulong[] bits, int hash) => (bits[hash >> 6] & (1UL << (hash & 63))) != 0;

    private enum AnchorKind
    {
        Prefix,
        Regex,
        Name,
        Placeholder,
        KubernetesSecret,
    }

    /// <summary>
    /// Appends the secrets of <paramref name="text"/> to <paramref name="found"/>, in order and without
    /// overlaps. Placeholders from an earlier pass are never matched again, so redacting twice changes nothing.
    /// Returns whether any anchor occurred in the text (or a shape without anchors ran): only then is the
    /// text worth remembering, since a text without one is scanned again as fast as it is looked up.
    /// </summary>
    public bool Find(ReadOnlySpan<char> text, List<TextMatch> found) => Find(text, found, everyPosition: false);

    /// <summary>
    /// Appends the secrets of a text of which the first <paramref name="anchorFree"/> positions are known to
    /// start no anchor (see <see cref="AnchorFreePrefix"/>): the same as
    /// <see cref="Find(ReadOnlySpan{char}, List{TextMatch})"/>, without looking at them again.
    /// </summary>
    public bool Find(ReadOnlySpan<char> text, List<TextMatch> found, int anchorFree) => Find(text, found, everyPosition: false, anchorFree);

    /// <summary>
    /// How many leading positions of a text, given as UTF-8, are ASCII and start no anchor (the text's length:
    /// <see cref="Find(ReadOnlySpan{char}, List{TextMatch})"/> would find nothing and report no anchor, and
    /// the text need not be decoded). Those bytes are ASCII, so the count is also one of characters. Outside
    /// ASCII the decoded text decides; with a shape that has no anchors, nothing is known (0).
    /// </summary>
    public int AnchorFreePrefix(ReadOnlySpan<byte> utf8)
    {
        if (_unanchored.Length > 0) return 0;
        var length = utf8.Length;
        if (length == 0) return 0;
        ref var bytes = ref MemoryMarshal.GetReference(utf8);
        ref var pairSlot = ref MemoryMarshal.GetArrayDataReference(_pairSlot);
        ref var thirds = ref MemoryMarshal.GetArrayDataReference(_thirds);
        int a = bytes;
        int b = length > 1 ? Unsafe.Add(ref bytes, 1) : 0;
        for (var at = 0; at < length; at++)
        {
            // The same test as Search, where every character is ASCII.
            int c = at + 2 < length ? Unsafe.Add(ref bytes, at + 2) : 0;
            if ((a | b | c) >= 128) return at;
            var slot = Unsafe.Add(ref pairSlot, (a << 7) | b);
            if (((Unsafe.Add(ref thirds, (slot << 1) | (c >> 6)) >> c) & 1) != 0) return at;
            a = b;
            b = c;
        }

        return length;
    }

    /// <summary>As <see cref="Find(ReadOnlySpan{char}, List{TextMatch})"/>, looking at every position (the reference the fast search is checked against).</summary>
    internal bool FindAtEveryPosition(ReadOnlySpan<char> text, List<TextMatch> found) => Find(text, found, everyPosition: true);

    private bool Find(ReadOnlySpan<char> text, List<TextMatch> found, bool everyPosition, int anchorFree = 0)
    {
        _shapeMatches.Clear();
        _nameValues.Clear();
        _placeholders.Clear();
        var state = new ScanState { NameEnd = -1 };
        if (everyPosition)
        {
            for (var hit = 0; hit < text.Length; hit++) Visit(text, hit, ref state);
        }
        else
        {
            Search(text, anchorFree, ref state);
        }

        var anchored = state.Anchored || _unanchored.Length > 0;
        foreach (var shape in _unanchored) Trigger(shape);
        if (_triggered.Count > 0) RunRegexShapes(text);
        if (state.Kubernetes) KubernetesSecretData(text);
        if (_shapeMatches.Count == 0 && _nameValues.Count == 0) return anchored;
        Resolve(found);
        return anchored;
    }

    /// <summary>
    /// Visits, in order, the positions where an anchor may start: where the first three characters are those
    /// of an anchor (two table look-ups, exact for ASCII, so prose takes no branch), where a character outside
    /// ASCII leaves the question to the comparison (second character: anchors of one character, or with such a
    /// second character; third: any anchor starting with the first two), and where an anchor starting outside
    /// ASCII may start. Any other position starts no anchor, so <see cref="Visit"/> would find nothing there.
    /// </summary>
    private void Search(ReadOnlySpan<char> text, int from, ref ScanState state)
    {
        var length = text.Length;
        if (from >= length) return;
        ref var chars = ref MemoryMarshal.GetReference(text);
        ref var pairSlot = ref MemoryMarshal.GetArrayDataReference(_pairSlot);
        ref var thirds = ref MemoryMarshal.GetArrayDataReference(_thirds);
        int a = Unsafe.Add(ref chars, from);
        int b = from + 1 < length ? Unsafe.Add(ref chars, from + 1) : 0;
        for (var hit = from; hit < length; hit++)
        {
            // Past the end reads as '\0', which only anchors of one or two characters allow after them.
            int c = hit + 2 < length ? Unsafe.Add(ref chars, hit + 2) : 0;
            if ((a | b | c) < 128)
            {
                var slot = Unsafe.Add(ref pairSlot, (a << 7) | b);
                if (((Unsafe.Add(ref thirds, (slot << 1) | (c >> 6)) >> c) & 1) != 0) Visit(text, hit, ref state);
            }
            else if (a < 128)
            {
                if (b < 128 ? Unsafe.Add(ref pairSlot, (a << 7) | b) != 0 : _startsBeforeNonAscii[a]) Visit(text, hit, ref state);
            }
            else if (_startsNonAscii)
            {
                Visit(text, hit, ref state);
            }

            a = b;
            b = c;
        }
    }

    // Every anchor that starts at text[hit]: the bit tables rule out most positions, the anchors that begin
    // with the character there are compared.
    private void Visit(ReadOnlySpan<char> text, int hit, ref ScanState state)
    {
        var c = text[hit];
        var last = text.Length - 1;
        List<Anchor> anchors;
        if (c >= 128)
        {
            anchors = _byFirstChar[128];
            if (anchors.Count == 0) return;
        }
        else
        {
            var folded = Folded;
            var a = folded[c];
            var n = hit < last ? text[hit + 1] : '\0';
            var b = n < 128 ? folded[n] : '\0';
            if (!_pairs[(a << 7) | b]) return;
            if (!_single[a])
            {
                var n2 = hit + 1 < last ? text[hit + 2] : '\0';
                if (!IsSet(_starts3, Hash(a, b, '\0')) && !IsSet(_starts3, Hash(a, b, n2 < 128 ? folded[n2] : n2))) return;
            }

            anchors = _byFirstChar[a];
        }

        // The anchors whose second character (case-folded) differs cannot start here: not compared. Outside
        // ASCII the comparison decides.
        var second = hit < last && text[hit + 1] < 128 ? Folded[text[hit + 1]] : -1;
        var rest = text[hit..];
        foreach (var anchor in anchors)
        {
            if (second >= 0 && anchor.Second >= 0 && anchor.Second != second) continue;
            if (!rest.StartsWith(anchor.Text, anchor.Comparison)) continue;
            state.Anchored = true;
            switch (anchor.Kind)
            {
                case AnchorKind.Prefix:
                    var end = ((PrefixShape)_shapes[anchor.Shape]).MatchAt(text, hit, anchor.Text);
                    if (end > 0) _shapeMatches.Add((hit, end, anchor.Shape));
                    break;
                case AnchorKind.Regex:
                    Trigger(anchor.Shape);
                    break;
                case AnchorKind.Name when hit >= state.NameEnd:
                    state.NameEnd = NameValue(text, hit);
                    break;
                case AnchorKind.Placeholder:
                    var placeholderEnd = RedactionPlaceholders.EndAt(text, hit);
                    if (placeholderEnd > 0) _placeholders.Add((hit, placeholderEnd));
                    break;
                case AnchorKind.KubernetesSecret:
                    state.Kubernetes = true;
                    break;
            }
        }
    }

    private struct ScanState
    {
        public int NameEnd;
        public bool Kubernetes;
        public bool Anchored;
    }

    private void Trigger(int shape)
    {
        if (_isTriggered[shape]) return;
        _isTriggered[shape] = true;
        _triggered.Add(shape);
    }

    private static bool RequiredLiteralsIn(ReadOnlySpan<char> text, RegexShape shape)
    {
        foreach (var literal in shape.Requires)
        {
            if (!text.Contains(literal, StringComparison.OrdinalIgnoreCase)) return false;
        }

        return true;
    }

    private void RunRegexShapes(ReadOnlySpan<char> text)
    {
        string? input = null;
        foreach (var index in _triggered)
        {
            _isTriggered[index] = false;
            var shape = (RegexShape)_shapes[index];
            if (!RequiredLiteralsIn(text, shape)) continue;
            input ??= text.ToString();
            for (var match = shape.Pattern.Match(input); match.Success; match = match.NextMatch())
            {
                var group = match.Groups[shape.Group];
                if (group.Success && group.Length > 0) _shapeMatches.Add((group.Index, group.Index + group.Length, index));
            }
        }

        _triggered.Clear();
    }

    // The earlier shape in the table wins where shapes overlap; then values found by their name, which
    // give way to shapes when those cover all of the value but a scheme ("Bearer <token>").
    private void Resolve(List<TextMatch> found)
    {
        _shapeMatches.Sort((a, b) => a.Shape != b.Shape ? a.Shape.CompareTo(b.Shape) : a.Start.CompareTo(b.Start));
        var kept = new List<TextMatch>();
        foreach (var (start, end, shape) in _shapeMatches)
        {
            if (Overlaps(_placeholders, start, end) || kept.Exists(k => k.Start < end && start < k.End)) continue;
            var secret = new TextMatch(start, end, _shapes[shape].Kind);
            kept.Add(secret);
        }

        var byName = new List<TextMatch>();
        foreach (var value in _nameValues)
        {
            if (Overlaps(_placeholders, value.Start, value.End) || byName.Exists(k => k.Start < value.End && value.Start < k.End)) continue;
            var inside = kept.FindAll(k => k.Start < value.End && value.Start < k.End);
            if (inside.Exists(k => k.Start < value.Start || k.End > value.End)) continue;
            if (inside.Count > 0 && OnlyFramingLeft(value, inside)) continue;
            kept.RemoveAll(k => k.Start >= value.Start && k.End <= value.End);
            byName.Add(value);
        }

        kept.AddRange(byName);

        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        found.AddRange(kept);

        static bool Overlaps(List<(int Start, int End)> ranges, int start, int end) => ranges.Exists(r => r.Start < end && start < r.End);
    }

    // What the shapes inside a value do not cover is only spacing and punctuation: the shapes say it better.
    private bool OnlyFramingLeft(TextMatch value, List<TextMatch> inside)
    {
        inside.Sort((a, b) => a.Start.CompareTo(b.Start));
        var uncovered = 0;
        var at = value.Start;
        foreach (var k in inside)
        {
            uncovered += Math.Max(0, k.Start - at);
            at = Math.Max(at, k.End);
        }

        uncovered += Math.Max(0, value.End - at);
        return uncovered <= 2;
    }

    /// <summary>
    /// At a secret word inside a name: reads the name around it and, when an assignment follows
    /// (<c>NAME=value</c>, <c>NAME: value</c>, <c>"NAME": "value"</c>, <c>--name value</c>, <c>Header: scheme value</c>),
    /// records the value if the name and the value say it is a secret. Returns the end of the name.
    /// </summary>
    private int NameValue(ReadOnlySpan<char> text, int hit)
    {
        var start = hit;
        while (start > 0 && IsNameChar(text[start - 1])) start--;
        var end = hit;
        while (end < text.Length && IsNameChar(text[end])) end++;
        var nameStart = start;
        while (nameStart < end && text[nameStart] == '-') nameStart++;
        var flag = nameStart - start >= 2;
        var nameEnd = end;
        while (nameEnd > nameStart && text[nameEnd - 1] is '.' or '-' or '_') nameEnd--;
        if (nameEnd <= nameStart || nameEnd < hit + 1) return end;
        var name = text[nameStart..nameEnd];
        if (name.Length > 128) return end;
        var nameClass = _classify(name);
        if (nameClass is not { } cls) return end;

        var at = end;
        if (at + 1 < text.Length && text[at] == '\\' && text[at + 1] is '"' or '\'') at += 2;
        else if (at < text.Length && text[at] is '"' or '\'') at++;
        var afterName = at;
        at = SkipSpaces(text, at);
        var colon = false;
        if (at + 1 < text.Length && ((text[at] == ':' && text[at + 1] == '=') || (text[at] == '=' && text[at + 1] == '>')))
        {
            at += 2;
        }
        else if (at < text.Length && text[at] == '=' && (at + 1 >= text.Length || text[at + 1] != '='))
        {
            at++;
        }
        else if (at < text.Length && text[at] == ':' && (at + 1 >= text.Length || text[at + 1] is not (':' or '/')))
        {
            at++;
            colon = true;
        }
        else if (!(flag && at > afterName))
        {
            return end;
        }

        at = SkipSpaces(text, at);
        if (at >= text.Length) return end;

        int valueStart, valueEnd;
        var quote = '\0';
        var escapedQuote = false;
        if (at + 1 < text.Length && text[at] == '\\' && text[at + 1] is '"' or '\'')
        {
            escapedQuote = true;
            quote = text[at + 1];
            at += 2;
        }
        else if (text[at] is '"' or '\'' or '`')
        {
            quote = text[at];
            at++;
        }

        if (quote != '\0')
        {
            valueStart = at;
            valueEnd = -1;
            for (var i = at; i < text.Length && text[i] is not ('\n' or '\r'); i++)
            {
                if (text[i] == '\\' && !escapedQuote)
                {
                    i++;
                    continue;
                }

                if (text[i] == quote && (!escapedQuote || text[i - 1] == '\\'))
                {
                    valueEnd = escapedQuote ? i - 1 : i;
                    break;
                }
            }

            if (valueEnd < 0) return end;
        }
        else
        {
            valueStart = at;
            var firstEnd = EndOf(text, at, ValueEnd);
            if (cls.Kind == "authorization" && AuthorizationSchemes.Contains(text[at..firstEnd].ToString()))
            {
                // "Authorization: Bearer <token>": the scheme stays readable.
                valueStart = SkipSpaces(text, firstEnd);
                valueEnd = TrimEnd(text, valueStart, EndOf(text, valueStart, LineEnd));
            }
            else if (cls.Kind == "cookie" && text[at..firstEnd].Contains('='))
            {
                valueEnd = TrimEnd(text, at, EndOf(text, at, LineEnd));
            }
            else
            {
                // In a connection string ("…;Password=a b c;…") only ';' ends the value.
                var before = SkipSpacesBack(text, start);
                valueEnd = before > 0 && text[before - 1] == ';' ? TrimEnd(text, at, EndOf(text, at, ConnectionValueEnd)) : firstEnd;
                while (valueEnd > valueStart && text[valueEnd - 1] is '.' or ',' or ':') valueEnd--;
            }
        }

        if (valueEnd <= valueStart) return end;
        var value = text[valueStart..valueEnd];
        if (!SecretValues.CouldBeSecret(value) || SecretValues.HasOwnStructure(cls, value)) return end;

        // "Password: must be at least 8 characters" is prose, not an assignment.
        if (quote == '\0' && colon && IsWord(value))
        {
            var next = SkipSpaces(text, valueEnd);
            if (next > valueEnd && next < text.Length && char.IsLetter(text[next])) return end;
        }

        if (cls.Strength == NameStrength.Weak && !SecretValues.LooksRandom(value)) return end;
        _nameValues.Add(new TextMatch(valueStart, valueEnd, cls.Kind));
        return end;
    }

    // YAML of a Kubernetes Secret: every value under data: and stringData: is a secret, whatever its key.
    private void KubernetesSecretData(ReadOnlySpan<char> text)
    {
        var blockIndent = -1;
        for (var lineStart = 0; lineStart < text.Length;)
        {
            var newline = text[lineStart..].IndexOf('\n');
            var lineEnd = newline < 0 ? text.Length : lineStart + newline;
            var line = text[lineStart..lineEnd].TrimEnd('\r');
            var indent = line.Length - line.TrimStart(' ').Length;
            var content = line.Trim();
            if (content.Length > 0)
            {
                if (blockIndent >= 0 && indent <= blockIndent) blockIndent = -1;
                if (blockIndent < 0 && content is "data:" or "stringData:")
                {
                    blockIndent = indent;
                }
                else if (blockIndent >= 0)
                {
                    var colon = line.IndexOf(": ", StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        var valueStart = SkipSpaces(text, lineStart + colon + 1);
                        var valueEnd = lineStart + line.Length;
                        while (valueEnd > valueStart && text[valueEnd - 1] == ' ') valueEnd--;
                        if (valueEnd - valueStart >= 2 && text[valueStart] is '"' or '\'' && text[valueEnd - 1] == text[valueStart])
                        {
                            valueStart++;
                            valueEnd--;
                        }

                        if (valueEnd > valueStart && text[valueStart] is not ('|' or '>') && SecretValues.CouldBeSecret(text[valueStart..valueEnd]))
                        {
                            _nameValues.Add(new TextMatch(valueStart, valueEnd, "k8s-secret"));
                        }
                    }
                }
            }

            lineStart = lineEnd + 1;
        }

        _nameValues.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    private static bool IsWord(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsLetter(c)) return false;
        }

        return true;
    }

    private static int SkipSpaces(ReadOnlySpan<char> text, int at)
    {
        while (at < text.Length && text[at] is ' ' or '\t') at++;
        return at;
    }

    private static int SkipSpacesBack(ReadOnlySpan<char> text, int at)
    {
        while (at > 0 && text[at - 1] is ' ' or '\t') at--;
        return at;
    }

    private static int EndOf(ReadOnlySpan<char> text, int at, SearchValues<char> delimiters)
    {
        var i = text[at..].IndexOfAny(delimiters);
        return i < 0 ? text.Length : at + i;
    }

    private static int TrimEnd(ReadOnlySpan<char> text, int start, int end)
    {
        while (end > start && text[end - 1] is ' ' or '\t' or ',') end--;
        return end;
    }

    private readonly record struct Anchor(string Text, AnchorKind Kind, int Shape, StringComparison Comparison)
    {
        /// <summary>The second character, case-folded, when it is ASCII; -1 otherwise (or for one character).</summary>
        public int Second { get; } = Text.Length > 1 && Text[1] < 128 ? Fold(Text[1]) : -1;
    }
}
