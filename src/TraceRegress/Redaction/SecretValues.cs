using System.Buffers;

namespace TraceRegress.Redaction;

/// <summary>
/// Judges a value found next to a name: whether it could be a secret at all (not a reference such as
/// <c>${API_KEY}</c>, a flag word or a placeholder), and for names that only hint at a secret
/// (<c>key</c>, <c>signature</c>) whether it looks random enough to be one.
/// </summary>
internal static class SecretValues
{
    /// <summary>
    /// Shannon entropy, in bits per character, that a value under a weak name needs (for values of 26
    /// characters or more; shorter ones need <c>0.85 × log2(length)</c>, since a short random string
    /// cannot reach it). Hex caps at 4 bits, so hashes and ids never pass on entropy alone, and they are
    /// excluded by shape anyway.
    /// </summary>
    public const double EntropyThreshold = 4.0;

    /// <summary>Values under a weak name shorter than this are never taken for secrets.</summary>
    public const int MinRandomLength = 16;

    private static readonly HashSet<string> NotSecrets = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "null", "none", "nil", "undefined", "yes", "no", "on", "off", "empty", "required", "optional",
        "redacted", "hidden", "masked", "invalid", "expired", "missing", "unset", "set", "present", "absent", "provided",
        "ok", "error", "failed", "denied", "rejected", "accepted", "valid", "revoked", "n/a", "na", "tbd", "todo",
        "default", "enabled", "disabled", "unknown", "string", "str", "int", "bool", "object",
        "your_api_key", "your-api-key", "placeholder",
        "value", "bearer", "basic", "is", "was", "not", "must", "should", "will", "the", "a", "an", "and", "or",
    };

    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\n");

    /// <summary>False for what is not a secret whatever its name: empty, a word for "none", a reference, a mask.</summary>
    public static bool CouldBeSecret(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.IsEmpty) return false;
        if (RedactionPlaceholders.IsPlaceholder(value) || value.StartsWith(RedactionPlaceholders.Prefix, StringComparison.Ordinal)) return false;
        if (value.Length <= 24 && NotSecrets.GetAlternateLookup<ReadOnlySpan<char>>().Contains(value)) return false;

        // References to where the secret lives: $API_KEY, ${API_KEY}, %API_KEY%, {{ secrets.KEY }}, <your key>, env(...).
        if (value[0] == '$' || (value[0] == '%' && value[^1] == '%') || value.StartsWith("{{", StringComparison.Ordinal)
            || (value[0] == '<' && value[^1] == '>') || value.StartsWith("env(", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("process.env", StringComparison.Ordinal) || value.StartsWith("os.environ", StringComparison.Ordinal))
        {
            return false;
        }

        // Already masked by someone else: ****, xxxxxxxx, •••, "...".
        if (value.Length >= 3 && IsAll(value, value[0]) && value[0] is '*' or 'x' or 'X' or '•' or '.' or '#' or '-') return false;
        return true;
    }

    /// <summary>
    /// True for a connection string or URL under a connection name: its own segments and credentials
    /// (<c>Password=…;</c>, <c>user:password@</c>) say what is secret, and the server, database and
    /// options stay readable.
    /// </summary>
    public static bool HasOwnStructure(NameClass name, ReadOnlySpan<char> value) =>
        name.Kind == "connection-string" && (value.Contains('=') || value.Contains("://", StringComparison.Ordinal));

    /// <summary>
    /// True for a value that looks like a random credential: long enough, no spaces, not an id or a hash
    /// (hex of any length, UUIDs), not a version, number, path or URL, not base64 of plain words, and with
    /// enough entropy. This is the test for values under names that only hint at a secret.
    /// </summary>
    public static bool LooksRandom(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.Length < MinRandomLength || value.IndexOfAny(Whitespace) >= 0) return false;
        if (IsHexOrUuid(value)) return false;
        if (IsNumberOrVersion(value)) return false;
        if (value.Contains("://", StringComparison.Ordinal) || value[0] is '/' or '.' || value.Contains('\\')) return false;
        if (IsBase64OfText(value)) return false;
        var classes = (value.ContainsAnyInRange('a', 'z') ? 1 : 0) + (value.ContainsAnyInRange('A', 'Z') ? 1 : 0) + (value.ContainsAnyInRange('0', '9') ? 1 : 0);
        if (classes < 2) return false;
        return Entropy(value) >= Threshold(value.Length);
    }

    /// <summary>The entropy a value of this length needs to count as random.</summary>
    public static double Threshold(int length) => Math.Min(EntropyThreshold, 0.85 * Math.Log2(length));

    /// <summary>Shannon entropy of the characters, in bits per character.</summary>
    public static double Entropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) return 0;
        Span<int> counts = stackalloc int[129];
        foreach (var c in value) counts[c < 128 ? c : 128]++;
        var entropy = 0.0;
        foreach (var n in counts)
        {
            if (n == 0) continue;
            var p = (double)n / value.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    // Git SHAs, content hashes, trace and span ids (hex of any length) and UUIDs with or without dashes.
    private static bool IsHexOrUuid(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c) && c != '-') return false;
        }

        return true;
    }

    private static bool IsNumberOrVersion(ReadOnlySpan<char> value)
    {
        // Semantic versions with pre-release and build parts: 2.0.0-beta.4+build.17, v10.0.401.
        var core = value.TrimStart('v');
        var cut = core.IndexOfAny('-', '+');
        if (cut > 0 && core[..cut].Contains('.') && IsDigitsAndDots(core[..cut])) return true;
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not ('.' or '-' or '+' or '_' or ':' or 'v' or 'T' or 'Z')) return false;
        }

        return true;
    }

    private static bool IsDigitsAndDots(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c != '.') return false;
        }

        return true;
    }

    // "aGVsbG8gd29ybGQ=" is "hello world": base64 that decodes to words is an encoding, not a secret.
    private static bool IsBase64OfText(ReadOnlySpan<char> value)
    {
        if (value.Length > 256) return false;
        Span<char> padded = stackalloc char[value.Length + 3];
        value.CopyTo(padded);
        var length = value.Length;
        while (length % 4 != 0) padded[length++] = '=';
        Span<byte> bytes = stackalloc byte[length];
        if (!Convert.TryFromBase64Chars(padded[..length], bytes, out var written) || written == 0) return false;
        var letters = 0;
        foreach (var b in bytes[..written])
        {
            if (b is < 0x20 or > 0x7E) return false;
            if (char.IsAsciiLetter((char)b) || b == ' ') letters++;
        }

        return letters * 10 >= written * 7;
    }

    private static bool IsAll(ReadOnlySpan<char> value, char c)
    {
        foreach (var x in value)
        {
            if (x != c) return false;
        }

        return true;
    }
}
