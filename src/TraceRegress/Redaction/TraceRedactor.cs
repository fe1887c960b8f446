using System.Text;

namespace TraceRegress.Redaction;

/// <summary>
/// Masks secrets in a trace document of any supported format by editing its JSON text: only the
/// characters of a secret change (into a placeholder such as <c>[REDACTED:openai-key:1]</c>); the
/// format, the span structure and every other byte stay as they were. Strings that hold JSON are
/// redacted as JSON, so a password inside a tool call's arguments is found by its name too.
/// </summary>
internal sealed class TraceRedactor(RedactionOptions? options = null)
{
    /// <summary>How many levels of JSON inside strings inside JSON are looked into.</summary>
    private const int MaxEmbeddedDepth = 8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly RedactionOptions _options = options ?? RedactionOptions.Default;

    /// <summary>Redacts UTF-8 JSON bytes (a byte order mark is kept).</summary>
    /// <exception cref="TraceFormatException">The bytes are not UTF-8 JSON.</exception>
    public RedactionResult Redact(ReadOnlySpan<byte> utf8, string sourceName)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            var offset = e.Index < 0 ? 0 : e.Index;
            var (line, column) = TraceFormatException.LineColumn(utf8, offset);
            throw new TraceFormatException(sourceName, line, column, "the file is not UTF-8 text: expected a JSON trace document", e);
        }

        return Redact(text, sourceName);
    }

    /// <summary>Redacts JSON text.</summary>
    /// <exception cref="TraceFormatException">The text is not JSON.</exception>
    public RedactionResult Redact(string text, string sourceName)
    {
        var roots = JsonTextScanner.Parse(text, sourceName);
        var placeholders = new RedactionPlaceholders();
        var edits = RedactJson(text, roots, null, 0, placeholders);
        if (edits.Count == 0) return new RedactionResult(text, placeholders.Counts);

        var output = new StringBuilder(text.Length);
        var at = 0;
        foreach (var edit in edits)
        {
            output.Append(text, at, edit.Start - at).Append(edit.Placeholder);
            at = edit.End;
        }

        output.Append(text, at, text.Length - at);
        return new RedactionResult(output.ToString(), new Dictionary<string, int>(placeholders.Counts, StringComparer.Ordinal));
    }

    /// <summary>The edits for a JSON text, in document order. Sensitivity flows from a member's name to its whole value.</summary>
    private List<TextEdit> RedactJson(string text, List<JsonNode> roots, string? inheritedKind, int embeddedDepth, RedactionPlaceholders placeholders)
    {
        var edits = new List<TextEdit>();
        var pending = new Stack<(JsonNode Node, string? SensitiveKind, bool IsName)>();
        for (var i = roots.Count - 1; i >= 0; i--) pending.Push((roots[i], inheritedKind, false));
        while (pending.Count > 0)
        {
            var (node, kind, isName) = pending.Pop();
            switch (node.Kind)
            {
                case JsonNodeKind.String:
                    RedactString(text, node, isName ? null : kind, embeddedDepth, placeholders, edits);
                    break;
                case JsonNodeKind.Array:
                    for (var i = node.Children.Count - 1; i >= 0; i--) pending.Push((node.Children[i], kind, false));
                    break;
                case JsonNodeKind.Object:
                    var keyKind = KeyValuePairKind(text, node);
                    for (var i = node.Children.Count - 1; i >= 0; i--)
                    {
                        var name = Decode(text, node.Names[i]);
                        var memberKind = SensitiveKeys.KindOf(name, _options.SensitiveKeys)
                                         ?? (keyKind is not null && IsValueMember(name) ? keyKind : kind);
                        pending.Push((node.Children[i], memberKind, false));
                        pending.Push((node.Names[i], null, true));
                    }

                    break;
            }
        }

        return edits;
    }

    // OTLP and Jaeger store attributes as {"key": "db.password", "value": …}: the name is data, not a property name.
    private string? KeyValuePairKind(string text, JsonNode node)
    {
        for (var i = 0; i < node.Children.Count; i++)
        {
            if (node.Children[i].Kind == JsonNodeKind.String && Decode(text, node.Names[i]) is "key" or "Key")
            {
                return SensitiveKeys.KindOf(Decode(text, node.Children[i]), _options.SensitiveKeys);
            }
        }

        return null;
    }

    private static bool IsValueMember(string name) => name is "value" or "Value" or "v";

    private static string Decode(string text, JsonNode node) => JsonStringText.Decode(text.AsSpan(node.Start, node.Length)).Text;

    private void RedactString(string text, JsonNode node, string? sensitiveKind, int embeddedDepth, RedactionPlaceholders placeholders, List<TextEdit> edits)
    {
        if (node.Length == 0) return;
        var decoded = JsonStringText.Decode(text.AsSpan(node.Start, node.Length));
        var value = decoded.Text;
        List<TextEdit> local;
        var trimmed = value.AsSpan().TrimStart();
        if (embeddedDepth < MaxEmbeddedDepth && trimmed.Length > 1 && trimmed[0] is '{' or '['
            && JsonTextScanner.TryParse(value) is { } embedded)
        {
            local = RedactJson(value, embedded, sensitiveKind, embeddedDepth + 1, placeholders);
        }
        else
        {
            local = RedactText(value, sensitiveKind, placeholders);
        }

        foreach (var edit in local)
        {
            edits.Add(new TextEdit(node.Start + decoded.RawOffsets[edit.Start], node.Start + decoded.RawOffsets[edit.End], edit.Placeholder));
        }
    }

    /// <summary>The edits for free text: secrets recognised by shape, or the whole value when its name says it is secret.</summary>
    private List<TextEdit> RedactText(string value, string? sensitiveKind, RedactionPlaceholders placeholders)
    {
        var found = FindSecrets(value);
        if (sensitiveKind is not null && !string.IsNullOrWhiteSpace(value) && !RedactionPlaceholders.IsPlaceholder(value.AsSpan().Trim())
            && !OnlySchemeLeft(value, found))
        {
            found = [new SecretMatch(0, value.Length, sensitiveKind)];
        }

        var edits = new List<TextEdit>(found.Count);
        foreach (var match in found)
        {
            if (match.IsPlaceholder) continue;
            edits.Add(new TextEdit(match.Start, match.End, placeholders.For(match.Kind, value[match.Start..match.End])));
        }

        return edits;
    }

    // "Bearer <token>" under an authorization header keeps its scheme readable when the token itself was recognised.
    private static bool OnlySchemeLeft(string value, List<SecretMatch> found)
    {
        if (found.Count == 0) return false;
        var rest = new StringBuilder();
        var at = 0;
        foreach (var match in found)
        {
            rest.Append(value, at, match.Start - at);
            at = match.End;
        }

        rest.Append(value, at, value.Length - at);
        var left = rest.ToString().Trim();
        return left.Length == 0 || left.Equals("bearer", StringComparison.OrdinalIgnoreCase) || left.Equals("basic", StringComparison.OrdinalIgnoreCase)
               || left.Equals("token", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Non-overlapping secrets and earlier placeholders in document order; where shapes overlap, the earlier
    /// (more specific) shape wins.
    /// </summary>
    private List<SecretMatch> FindSecrets(string value)
    {
        // Placeholders from an earlier pass are claimed first, so redacting twice changes nothing.
        var claimed = new List<SecretMatch>();
        for (var placeholder = RedactionPlaceholders.Pattern().Match(value); placeholder.Success; placeholder = placeholder.NextMatch())
        {
            claimed.Add(new SecretMatch(placeholder.Index, placeholder.Index + placeholder.Length, ""));
        }

        var kept = new List<SecretMatch>();
        foreach (var shape in _options.Patterns.Concat(SecretShapes.BuiltIn))
        {
            for (var match = shape.Pattern.Match(value); match.Success; match = match.NextMatch())
            {
                var group = match.Groups[shape.Group];
                if (!group.Success || group.Length == 0) continue;
                if (RedactionPlaceholders.IsPlaceholder(group.ValueSpan)) continue;
                var start = group.Index;
                var end = group.Index + group.Length;
                if (kept.Exists(k => k.Start < end && start < k.End) || claimed.Exists(k => k.Start < end && start < k.End)) continue;
                kept.Add(new SecretMatch(start, end, shape.Kind));
            }
        }

        kept.AddRange(claimed);
        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    /// <summary>A secret's range, or (with an empty kind) a placeholder left by an earlier pass.</summary>
    private readonly record struct SecretMatch(int Start, int End, string Kind)
    {
        public bool IsPlaceholder => Kind.Length == 0;
    }

    private readonly record struct TextEdit(int Start, int End, string Placeholder);
}

/// <summary>A redacted document and how many distinct secrets of each kind were masked.</summary>
/// <param name="Text">The redacted text.</param>
/// <param name="Counts">Distinct secrets per kind.</param>
internal sealed record RedactionResult(string Text, IReadOnlyDictionary<string, int> Counts)
{
    /// <summary>Distinct secrets masked in all.</summary>
    public int Total => Counts.Values.Sum();
}
