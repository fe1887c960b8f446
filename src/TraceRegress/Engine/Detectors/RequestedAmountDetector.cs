using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A record gives an amount twice, as asked for and as granted, in two fields named alike but for that
/// (<c>"total_claimed_gbp": 417.1</c> beside <c>"total_approved_gbp": 354.6</c>; requested and paid, quoted and final,
/// gross and net), and a user who asked what they will get ("How much am I getting back?") is told the amount asked for
/// and never the amount granted. Both figures are grounded; the record was misread: Tool Output Misinterpretation at the
/// first model call that stated it, quoting both fields and the statement.
/// </summary>
internal sealed partial class RequestedAmountDetector : IDetector
{
    public const string DetectorId = "requested-amount";

    // The words a field names an amount asked for by, and those it names the amount granted by.
    private static readonly HashSet<string> Asked = new(StringComparer.OrdinalIgnoreCase)
    {
        "claimed", "requested", "submitted", "quoted", "billed", "gross", "original", "listed", "estimated", "expected",
    };

    private static readonly HashSet<string> Granted = new(StringComparer.OrdinalIgnoreCase)
    {
        "approved", "paid", "payable", "reimbursed", "reimbursable", "refunded", "refundable", "settled", "allowed", "awarded",
        "granted", "net", "payout", "final", "actual",
    };

    // A user who asks what they will get.
    [GeneratedRegex(@"\b(?:get(?:ting)? back|receive|be (?:paid|reimbursed|refunded)|reimburse\w*|refund\w*|pay(?:ing)? me|payout|owed|how much (?:will|do|am|are) (?:I|we)\b[^?]{0,40}(?:get|receive))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsksWhatTheyGet();

    public string Id => DetectorId;

    public int Priority => 54;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        if (context.Turns.Task is not { } task || !AsksWhatTheyGet().IsMatch(task.Text)) yield break;
        foreach (var call in context.CallsInOrder)
        {
            foreach (var result in call.Results)
            {
                // JSON, or a Python dict as a LangChain tool returns it printed ("{'claim_id': 'EXP-...', ...}").
                using var converted = result.Json is null && PythonLiteral.ToJson(result.Text) is { } json ? JsonContent.ParseDocument(json) : null;
                if ((result.Json ?? converted?.RootElement) is not { } root) continue;
                foreach (var record in JsonProperties.Objects(root))
                {
                    foreach (var (asked, granted) in Pairs(record))
                    {
                        if (Written(result.Text, asked) is not { } askedText || Written(result.Text, granted) is not { } grantedText) continue;
                        var askedValue = asked.Value.GetDecimal();
                        var grantedValue = granted.Value.GetDecimal();
                        if (askedValue == grantedValue) continue;
                        var rank = view.Rank(result.Span);
                        foreach (var g in view.Spans)
                        {
                            if (!g.IsModelCall || view.Rank(g.Span) <= rank) continue;
                            var said = string.Join("\n", g.OutputMessages.SelectMany(m => m.Parts).Where(p => p.Kind == PartKind.Text && p.Content is not null).Select(p => p.Content!));
                            if (said.Length == 0) continue;
                            var stated = context.Facts.FactsOf(said).FirstOrDefault(f => f.Kind == FactKind.Number && f.Value == askedValue);
                            if (stated is null || context.Facts.FactsOf(said).Exists(f => f.Kind == FactKind.Number && f.Value == grantedValue)) continue;
                            var sentence = Requests.Sentence(said, stated.Index).Trim();
                            var source = g.OutputMessages.SelectMany(m => m.Parts).First(p => p.Kind == PartKind.Text && p.Content is not null && p.Content.Contains(sentence, StringComparison.Ordinal)).Source;
                            yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                                $"{call.Name} gave the amount asked for ({askedText}) and the amount granted ({grantedText}), and the user, who asked what they would get, was told {stated.Written}.",
                                [new Evidence(result.Span.SpanId, result.Source, askedText), new Evidence(result.Span.SpanId, result.Source, grantedText), new Evidence(g.Span.SpanId, source, sentence)],
                                0.65) with { Basis = AttributionBasis.UngroundedContent };
                            yield break;
                        }
                    }
                }
            }
        }
    }

    // The property as the text writes it, in JSON's quotes or a Python dict's.
    private static string? Written(string raw, JsonProperty p)
    {
        if (JsonProperties.Written(raw, p) is { } json) return json;
        var m = Regex.Match(raw, $"'{Regex.Escape(p.Name)}'\\s*:\\s*{Regex.Escape(p.Value.GetRawText())}(?![\\d.])", RegexOptions.CultureInvariant);
        return m.Success ? m.Value : null;
    }

    // Two number fields of a record named alike but for the word that says asked for or granted.
    private static IEnumerable<(JsonProperty Asked, JsonProperty Granted)> Pairs(JsonElement record)
    {
        var numbers = record.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out _)).ToList();
        foreach (var a in numbers)
        {
            if (Rest(a.Name, Asked) is not { } askedRest) continue;
            foreach (var b in numbers)
            {
                if (Rest(b.Name, Granted) is { } grantedRest && grantedRest == askedRest) yield return (a, b);
            }
        }
    }

    // The name's other words, lower-cased and joined, once the one word of the set is taken out; null when it has none.
    private static string? Rest(string name, HashSet<string> words)
    {
        var parts = NameWords.Word().Matches(name).Select(m => m.Value.ToLower(CultureInfo.InvariantCulture)).ToList();
        var i = parts.FindIndex(words.Contains);
        if (i < 0) return null;
        parts.RemoveAt(i);
        return string.Join('_', parts);
    }
}
