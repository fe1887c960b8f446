using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model call that reads a request into fields (an intent classifier, a slot filler: <c>{"intent": …, "new_plate":
/// null}</c>) and leaves a field empty whose value the request states, named as the field names it ("plate 8KTR512"
/// for <c>new_plate</c>, "order ORD-88412" for <c>order_id</c>). Every step after it worked from a request without that
/// value: Incorrect Problem Identification at the call, quoting the empty field and where the request gives it.
/// </summary>
internal sealed partial class MissedFieldDetector : IDetector
{
    public const string DetectorId = "missed-field";

    // Words of a field's name that say nothing of what it holds.
    private static readonly HashSet<string> Generic = new(StringComparer.OrdinalIgnoreCase)
    {
        "new", "old", "current", "value", "name", "number", "code", "text", "type", "data", "info", "field", "the", "user", "customer",
    };

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var g in context.View.Spans)
        {
            if (!g.IsModelCall || g.OutputParts.Any(p => p.Kind == PartKind.ToolCall)) continue;
            var answer = g.OutputText.Trim();
            if (answer.Length < 2 || answer[0] != '{' || !answer.Contains("null", StringComparison.Ordinal)) continue;
            var request = g.InputMessages.Where(m => m.Role == "user").SelectMany(m => m.Parts).LastOrDefault(p => p.Kind == PartKind.Text && !string.IsNullOrEmpty(p.Content));
            if (request?.Content is not { } asked) continue;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(answer);
            }
            catch (JsonException)
            {
                continue;
            }

            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object) continue;
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.Null) continue;
                    if (Stated(asked, p.Name) is not { } given) continue;
                    var written = JsonProperties.Written(answer, p) ?? $"\"{p.Name}\": null";
                    var source = g.OutputParts.FirstOrDefault(o => o.Kind == PartKind.Text)?.Source ?? "output";
                    yield return context.CreateFinding(this, g.Span, "Incorrect Problem Identification",
                        $"{g.Span.Name} left {p.Name} empty ({written}) though the request gives it (\"{given}\"); every step after it worked without it.",
                        [new Evidence(g.Span.SpanId, source, written), new Evidence(g.Span.SpanId, request.Source, given)], 0.65)
                        with { Basis = AttributionBasis.Inference };
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Where the request names a value for the field: a word of the field's name (four letters or more, not a generic one)
    /// followed by a value holding a digit ("plate 8KTR512", "order #ORD-88412"); null when it names none.
    /// </summary>
    private static string? Stated(string request, string field)
    {
        foreach (var word in Words(field))
        {
            var m = Regex.Match(request, $@"\b{Regex.Escape(word)}s?\b(?:\s+(?:number|no\.?|id|is|was))?\s*[:#]?\s*(?<value>[A-Za-z0-9][A-Za-z0-9-]{{3,}})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (m.Success && m.Groups["value"].Value.Any(char.IsAsciiDigit) && m.Groups["value"].Value.Any(char.IsAsciiLetterOrDigit)) return m.Value;
        }

        return null;
    }

    // The words of a field's name: new_plate → plate; orderId → order.
    private static IEnumerable<string> Words(string field)
    {
        var spaced = Regex.Replace(field, "(?<=[a-z])(?=[A-Z])", "_", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        foreach (var w in spaced.Split(['_', '-', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var word = w.ToLowerInvariant();
            if (word.Length >= 4 && !Generic.Contains(word)) yield return word;
        }
    }
}
