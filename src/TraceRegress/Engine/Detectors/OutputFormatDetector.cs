using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model asked for JSON (a JSON response format, <c>gen_ai.output.type</c> <c>json</c>, or an instruction such as
/// "respond in JSON") that answered with something that does not parse. Formatting Errors when the answer is
/// broken JSON, JSON wrapped in prose, or JSON mode was on; Instruction Non-compliance when it ignored a prompt's request
/// for JSON. An answer cut
/// at the output token limit is the token limit's finding, not a format error. The steps after the call that failed to
/// parse what it wrote (a JSON decode error under the same parent) are symptoms the finding explains.
/// </summary>
internal sealed partial class OutputFormatDetector : IDetector
{
    [GeneratedRegex(@"\b(?:respond|reply|answer|return|output|format(?:ted)?|give|provide|produce|write)\b[^.\n]{0,60}?\bJSON\b|\b(?:in|as|valid|only) JSON\b|\bJSON (?:format|object|only)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JsonInstruction();

    [GeneratedRegex(@"^\s*```(?:json|JSON)?\s*\n(?<body>[\s\S]*?)\n?```\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeFence();

    // The "Action Input:" field of a ReAct step, up to the observation or the end of the answer.
    [GeneratedRegex(@"^\s*Action Input:\s*(?<input>[\s\S]*?)\s*(?:^\s*Observation:|\z)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ActionInput();

    public string Id => "output-format";

    /// <summary>True when the JSON instruction at <paramref name="at"/> is on the line of a ReAct format that describes the "Action Input:" field.</summary>
    private static bool DescribesActionInput(string prompt, int at)
    {
        var start = prompt.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        return prompt.AsSpan(start).TrimStart().StartsWith("Action Input:", StringComparison.Ordinal);
    }

    public int Priority => 70;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var g in context.View.Spans)
        {
            if (!g.IsModelCall || g.OutputParts.Any(p => p.Kind == PartKind.ToolCall)) continue;
            // A truncated answer does not parse because it was cut: the token limit is the cause.
            if (g.FinishReasons.Any(r => OutputTokenLimitDetector.IsLengthReason(r.Text))) continue;
            var answerPart = g.OutputParts.FirstOrDefault(p => p.Kind == PartKind.Text && !string.IsNullOrWhiteSpace(p.Content));
            if (answerPart is null) continue;

            Evidence? request = null;
            var byMode = false;
            var actionInputOnly = false;
            SourcedText? declaring = null;
            if (g.RequestedOutputType is { } mode)
            {
                request = new Evidence(g.Span.SpanId, mode.Source, Quote.Cut(mode.Text));
                byMode = true;
            }
            else
            {
                foreach (var part in g.InputMessages.Where(m => m.Role is "system" or "user" or "developer").SelectMany(m => m.Parts))
                {
                    if (part.Kind != PartKind.Text || part.Content is null) continue;
                    var m = JsonInstruction().Match(part.Content);
                    if (!m.Success) continue;
                    request = new Evidence(g.Span.SpanId, part.Source, m.Value);
                    actionInputOnly = DescribesActionInput(part.Content, m.Index);
                    declaring = new SourcedText(g.Span, part.Source, part.Content);
                }
            }

            if (request is null) continue;
            var answer = g.OutputText;
            if (actionInputOnly)
            {
                // A ReAct prompt asks for JSON in the "Action Input:" field only: a thought or a final answer in prose
                // follows the format; only an action input that does not parse breaks it.
                if (ActionInput().Match(answer) is not { Success: true } input) continue;
                answer = input.Groups["input"].Value;
            }

            var fenced = CodeFence().Match(answer);
            var body = fenced.Success ? fenced.Groups["body"].Value : answer;
            if (JsonContent.TryParse(body.Trim(), out _))
            {
                // JSON in a code fence is the JSON asked for, unless the prompt forbade fences or markdown or the parser
                // the answer went to could not read it: then the fence broke the format.
                if (fenced.Success && !actionInputOnly)
                {
                    var forbidden = Forbidding(g);
                    var choked = ParseFailuresAfter(context, g.Span);
                    if (forbidden is not null || choked.Count > 0)
                    {
                        var evidence = new List<Evidence> { new(g.Span.SpanId, answerPart.Source, Quote.Cut(answerPart.Content!)), forbidden ?? request };
                        yield return context.CreateFinding(this, g.Span, "Formatting Errors",
                            forbidden is not null
                                ? "The model was asked for bare JSON, without code fences or markdown, and wrapped its JSON in a code fence."
                                : "The model was asked for JSON and wrapped it in a code fence, which the parser after it could not read.",
                            evidence, 0.75) with { Explains = choked };
                        continue;
                    }
                }

                // Valid JSON that breaks the fields the prompt declares: a field left out, a number written as words.
                if (!actionInputOnly && FindDeclaredFields(declaring ?? Instructions(g)) is { } fields && Breaches(body.Trim(), fields) is { Count: > 0 } breaches)
                {
                    var evidence = breaches.Select(b => new Evidence(g.Span.SpanId, b.FromPrompt ? fields.Source : answerPart.Source, b.Quote)).ToList();
                    evidence.Add(new Evidence(g.Span.SpanId, fields.Source, fields.Quote));
                    yield return context.CreateFinding(this, g.Span, "Formatting Errors",
                        $"The model was asked for JSON with declared fields and its answer breaks them: {string.Join("; ", breaches.Select(b => b.What))}.",
                        evidence.DistinctBy(e => (e.Source, e.Quote)).ToList(), 0.7)
                        with { Basis = AttributionBasis.UngroundedContent };
                }
                // Dates the instructions require in ISO 8601 form everywhere ("All dates MUST be ISO 8601 calendar dates
                // (YYYY-MM-DD)"), one written otherwise ("07/05/2025"): whoever reads it next must guess the order.
                else if (!actionInputOnly && IsoRule(g) is { } rule && NonIsoDate(body.Trim()) is { } date)
                {
                    yield return context.CreateFinding(this, g.Span, "Formatting Errors",
                        "The model was told to write every date in ISO 8601 form and wrote one otherwise, leaving whoever reads it next to guess the order of day and month.",
                        [new Evidence(g.Span.SpanId, answerPart.Source, date), rule], 0.7) with { Basis = AttributionBasis.UngroundedContent, Explains = Readers(context, g.Span, date) };
                }
                // Amounts the instructions require as JSON numbers ("All monetary amounts and weights MUST be JSON numbers
                // using '.' as the decimal separator"), one written as text in a local form ("invoice_total": "18.400,00"):
                // whoever reads it next must guess which mark is the decimal one.
                else if (!actionInputOnly && NumberRule(g) is { } numbers && NumberAsText(body.Trim()) is { } text)
                {
                    yield return context.CreateFinding(this, g.Span, "Formatting Errors",
                        "The model was told to write amounts as JSON numbers and wrote one as text with its own separators, leaving whoever reads it next to guess which mark is the decimal one.",
                        [new Evidence(g.Span.SpanId, answerPart.Source, text), numbers], 0.7) with { Basis = AttributionBasis.UngroundedContent };
                }

                continue;
            }

            var trimmed = body.TrimStart();
            var looksLikeJson = trimmed.StartsWith('{') || trimmed.StartsWith('[');
            // JSON the model wrote inside prose ("Here is the JSON: {...} Let me know..."): it gave the format, broken.
            var wrapped = !looksLikeJson && HasEmbeddedJson(answer);
            var l4 = byMode || looksLikeJson || wrapped ? "Formatting Errors" : "Instruction Non-compliance";
            var summary = looksLikeJson
                ? "The model was asked for JSON and answered with JSON that does not parse."
                : wrapped ? "The model was asked for JSON and answered with JSON wrapped in prose, which does not parse as a whole."
                : "The model was asked for JSON and answered in prose.";
            yield return context.CreateFinding(this, g.Span, l4, summary,
                [new Evidence(g.Span.SpanId, answerPart.Source, Quote.Cut(answerPart.Content!)), request], byMode ? 0.85 : 0.75)
                with { Explains = ParseFailuresAfter(context, g.Span) };
        }
    }

    private sealed record DeclaredField(string Name, string Type, bool Nullable, bool Optional, string[] Choices, string Line);

    private sealed record DeclaredFields(List<DeclaredField> Fields, string Source, string Quote);

    // One field of a schema written out in a prompt: "- estimated_loss_usd: number, digits only", "* injuries_reported (boolean)".
    [GeneratedRegex(@"^[ \t]*(?:[-*•]|\d+[.)])[ \t]*[`""']?(?<name>[A-Za-z_][A-Za-z0-9_]*)[`""']?[ \t]*(?::|\(|[-–—][ \t])[ \t]*(?<type>[^\n]*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"^\(?(?<type>string|str|text|number|numeric|integer|int|float|decimal|double|boolean|bool|true/false|array|list|object|date)\b|^one of\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FieldType();

    private static bool IsoDate(string line) =>
        line.Contains("YYYY-MM-DD", StringComparison.OrdinalIgnoreCase) || (line.Contains("ISO 8601", StringComparison.OrdinalIgnoreCase) && line.Contains("date", StringComparison.OrdinalIgnoreCase));

    // A sentence of the instructions that requires every date in ISO 8601 form.
    [GeneratedRegex(@"[^.\n]*\b(?:all|every|any)\s+(?:the\s+)?dates?\b[^.\n]*?(?:ISO[ -]?8601|YYYY-MM-DD)[^.\n]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IsoRuleSentence();

    // A date written with its day and month as numbers in some order: "07/05/2025", "7.5.25".
    [GeneratedRegex(@"^\d{1,2}[/.]\d{1,2}[/.](?:\d{2}|\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    /// <summary>The instructions' sentence that requires every date in ISO 8601 form, quoted; null when none does.</summary>
    private static Evidence? IsoRule(GenAiSpan g) => RuleSentence(g, IsoRuleSentence());

    /// <summary>The first sentence of the system, developer or user messages the pattern matches, quoted; null when none does.</summary>
    private static Evidence? RuleSentence(GenAiSpan g, Regex rule)
    {
        foreach (var part in g.InputMessages.Where(m => m.Role is "system" or "developer" or "user").SelectMany(m => m.Parts))
        {
            if (part.Kind == PartKind.Text && part.Content is { } content && rule.Match(content) is { Success: true } m)
            {
                return new Evidence(g.Span.SpanId, part.Source, m.Value.Trim());
            }
        }

        return null;
    }

    // A sentence of the instructions that requires amounts as numbers: "All monetary amounts and weights MUST be JSON
    // numbers", "prices must be numbers, not strings".
    [GeneratedRegex(@"[^.\n]*\b(?:amounts?|prices?|totals?|monetary|numeric|weights?|quantities|figures|costs?|values)\b[^.\n]*?\b(?:must|should|shall|are to)\s+be\s+(?:valid\s+|plain\s+)?(?:JSON\s+)?numbers?\b[^.\n]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberRuleSentence();

    // A number written as text with separators: "18.400,00", "1,250.00", "1 184,00".
    [GeneratedRegex(@"^-?\d{1,3}(?:[.,' \u00A0]\d{3})+(?:[.,]\d{1,4})?$|^-?\d+,\d{1,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex SeparatedNumber();

    // A field named for an amount or a measure.
    [GeneratedRegex(@"total|amount|price|cost|fee|value|sum|weight|_kg|qty|quantity|tax|vat|duty|balance|subtotal", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AmountField();

    /// <summary>The instructions' sentence that requires amounts as JSON numbers, quoted; null when none does.</summary>
    private static Evidence? NumberRule(GenAiSpan g) => RuleSentence(g, NumberRuleSentence());

    /// <summary>The first amount of a JSON answer written as text with separators, quoted with its key; null when there is none.</summary>
    private static string? NumberAsText(string json) => FirstString(json, p => AmountField().IsMatch(p.Name) && SeparatedNumber().IsMatch(p.Value.GetString()!.Trim()));

    /// <summary>
    /// The spans after <paramref name="writer"/> that were given the value of <paramref name="quoted"/> (a
    /// <c>"key": "value"</c> quote) as input: whoever read the date had to guess its order, and what they made of it is
    /// explained by how it was written.
    /// </summary>
    private static string[] Readers(DetectionContext context, Span writer, string quoted)
    {
        var colon = quoted.IndexOf("\": \"", StringComparison.Ordinal);
        var value = colon < 0 ? quoted : quoted[(colon + 4)..].TrimEnd('"');
        if (value.Length < 6) return [];
        var view = context.View;
        var after = view.Rank(writer);
        var readers = new List<string>();
        foreach (var g in view.Spans)
        {
            if (view.Rank(g.Span) <= after || writer.Ancestors().Contains(g.Span)) continue;
            if (context.Facts.TextsOf(g.Span).Any(t => !t.IsOutput && t.Text.Contains(value, StringComparison.Ordinal))) readers.Add(g.Span.SpanId);
        }

        return [.. readers];
    }

    /// <summary>The first string value of a JSON answer that is a date written with numbers in another order than ISO's, quoted with its key; null when there is none.</summary>
    private static string? NonIsoDate(string json) => FirstString(json, p => NumericDate().IsMatch(p.Value.GetString()!));

    /// <summary>The first string-valued property of a JSON answer, at any depth, that the test accepts, quoted with its key; null when there is none.</summary>
    private static string? FirstString(string json, Func<System.Text.Json.JsonProperty, bool> test)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            foreach (var e in JsonProperties.Objects(doc.RootElement))
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind == System.Text.Json.JsonValueKind.String && test(p)) return JsonProperties.Quote(json, p);
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Parsed before as JSON content; a form JsonDocument refuses has no values to read.
        }

        return null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateValue();

    /// <summary>The first system, developer or user text of the call that lists fields with their types.</summary>
    private static SourcedText? Instructions(GenAiSpan g)
    {
        foreach (var part in g.InputMessages.Where(m => m.Role is "system" or "user" or "developer").SelectMany(m => m.Parts))
        {
            if (part.Kind == PartKind.Text && part.Content is { } content && FieldLine().IsMatch(content)) return new SourcedText(g.Span, part.Source, content);
        }

        return null;
    }

    /// <summary>The fields (three or more, with their types) the instruction that asked for JSON declares; null when it declares none.</summary>
    private static DeclaredFields? FindDeclaredFields(SourcedText? declaring)
    {
        if (declaring is null) return null;
        var fields = new List<DeclaredField>();
        foreach (Match m in FieldLine().Matches(declaring.Text))
        {
            var rest = m.Groups["type"].Value.Trim();
            var typed = FieldType().Match(rest);
            if (!typed.Success) continue;
            var type = typed.Value.StartsWith("one of", StringComparison.OrdinalIgnoreCase) ? "enum" : typed.Groups["type"].Value.ToLowerInvariant() switch
            {
                "number" or "numeric" or "float" or "decimal" or "double" => "number",
                "integer" or "int" => "integer",
                "boolean" or "bool" or "true/false" => "boolean",
                "array" or "list" => "array",
                "object" => "object",
                _ => "string",
            };
            var choices = type == "enum"
                ? rest[6..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim('`', '"', '\'', '.', ' ', ':', '(', ')')).Where(c => c.Length > 0 && !c.Contains(' ', StringComparison.Ordinal)).ToArray()
                : [];
            var nullable = rest.Contains("null", StringComparison.OrdinalIgnoreCase);
            var optional = rest.Contains("optional", StringComparison.OrdinalIgnoreCase) || rest.Contains("if known", StringComparison.OrdinalIgnoreCase)
                           || rest.Contains("if any", StringComparison.OrdinalIgnoreCase) || rest.Contains("omit", StringComparison.OrdinalIgnoreCase);
            fields.Add(new DeclaredField(m.Groups["name"].Value, type, nullable, optional, choices, m.Value.Trim()));
        }

        return fields.Count >= 3 ? new DeclaredFields(fields, declaring.Source, fields[0].Line) : null;
    }

    /// <summary>The ways (up to three) the answer's object breaks the declared fields, each with a quote; empty when it keeps them.</summary>
    private static List<(string What, string Quote, bool FromPrompt)> Breaches(string json, DeclaredFields declared)
    {
        var found = new List<(string What, string Quote, bool FromPrompt)>();
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object) return found;
            // The answer must be the declared object: most of its keys are declared ones.
            var names = new HashSet<string>(declared.Fields.Select(f => f.Name), StringComparer.Ordinal);
            var keys = root.EnumerateObject().Select(p => p.Name).ToList();
            if (keys.Count(names.Contains) * 2 < Math.Max(keys.Count, 3)) return found;
            foreach (var field in declared.Fields)
            {
                if (found.Count == 3) break;
                if (!root.TryGetProperty(field.Name, out var value))
                {
                    if (!field.Optional) found.Add(($"{field.Name} is left out", field.Line, true));
                    continue;
                }

                var property = root.EnumerateObject().First(p => p.NameEquals(field.Name));
                var written = JsonProperties.Quote(json, property);
                if (value.ValueKind == System.Text.Json.JsonValueKind.Null) continue;
                switch (field.Type)
                {
                    case "number" or "integer" when value.ValueKind == System.Text.Json.JsonValueKind.String
                                                    && !decimal.TryParse(value.GetString(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _):
                        found.Add(($"{field.Name} is declared a {field.Type} and written as text", written, false));
                        break;
                    case "boolean" when value.ValueKind is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False):
                        found.Add(($"{field.Name} is declared a boolean and written as {value.ValueKind.ToString().ToLowerInvariant()}", written, false));
                        break;
                    // A date declared in ISO 8601 form ("ISO 8601 calendar date YYYY-MM-DD") written otherwise ("03/07/2025"):
                    // whoever reads it next must guess the order of day and month.
                    case "string" when IsoDate(field.Line) && value.ValueKind == System.Text.Json.JsonValueKind.String && !IsoDateValue().IsMatch(value.GetString()!):
                        found.Add(($"{field.Name} is declared an ISO 8601 date and written otherwise", written, false));
                        break;
                    case "enum" when field.Choices.Length >= 2 && value.ValueKind == System.Text.Json.JsonValueKind.String && !field.Choices.Contains(value.GetString(), StringComparer.Ordinal):
                        found.Add(($"{field.Name} is not one of the declared values", written, false));
                        break;
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Parsed above as JSON content; a form JsonDocument refuses has no fields to check.
        }

        return found;
    }

    /// <summary>The later spans under the same parent that failed to parse what the call wrote.</summary>
    /// <summary>
    /// The spans after the call that failed to parse what it wrote: under its parent, and, for a call its SDK wraps in a
    /// span of its own (the AI SDK's <c>ai.generateText</c> around <c>doGenerate</c>), after that wrapper too.
    /// </summary>
    private static List<string> ParseFailuresAfter(DetectionContext context, Span span)
    {
        var ids = new List<string>();
        context.FailingSpans.After(span, withErrors: false, ids);
        if (ids.Count == 0 && span.Parent is { } wrapper && context.View[wrapper].Operation != GenAiOperation.InvokeAgent) context.FailingSpans.After(wrapper, withErrors: false, ids);
        return ids;
    }

    /// <summary>The instruction (system, developer or user) that forbids code fences or markdown; null when none does.</summary>
    private static Evidence? Forbidding(GenAiSpan g)
    {
        foreach (var part in g.InputMessages.Where(m => m.Role is "system" or "user" or "developer").SelectMany(m => m.Parts))
        {
            if (part.Kind == PartKind.Text && part.Content is { } content && FencesForbidden().Match(content) is { Success: true } m) return new Evidence(g.Span.SpanId, part.Source, m.Value);
        }

        return null;
    }

    // A prompt that forbids what a fence is: "no code fences", "no markdown", "without markdown", "do not wrap it in ```".
    [GeneratedRegex(@"\b(?:no|without|never use|do not use|don't use|not in)\s+(?:any\s+)?(?:markdown|code ?fences?|code blocks?|backticks|```)|\bdo(?: not|n't) wrap\b[^.\n]{0,40}\b(?:code|fence|block|markdown|backticks|```)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FencesForbidden();

    /// <summary>True when the text holds a JSON object or array between its first opening and last closing bracket.</summary>
    private static bool HasEmbeddedJson(string text)
    {
        foreach (var (open, close) in (ReadOnlySpan<(char, char)>)[('{', '}'), ('[', ']')])
        {
            var start = text.IndexOf(open, StringComparison.Ordinal);
            var end = text.LastIndexOf(close);
            if (start >= 0 && end > start && JsonContent.TryParse(text[start..(end + 1)], out _)) return true;
        }

        return false;
    }
}
