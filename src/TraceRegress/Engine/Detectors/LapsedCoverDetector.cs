using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's record says when a cover ran out (<c>"labour_expires": "2024-03-09"</c> beside
/// <c>"parts_expires": "2027-03-09"</c>), the date is before the model call that read it ran, and the call's arguments
/// still apply that cover: a value of a field named for the cover's basis names it (<c>"warranty_basis":
/// "parts_and_labour"</c>), or a note says the work is "within parts and labour warranty". The record was read as if the
/// cover still ran: Tool Output Misinterpretation at that call, quoting the record's date and the argument. A cover
/// whose date is still to come, or arguments that name only the covers still running, are no finding.
/// </summary>
internal sealed partial class LapsedCoverDetector : IDetector
{
    public const string DetectorId = "lapsed-cover";

    // A field that dates the end of a cover: "labour_expires", "labour_expiry_date", "labourExpires", "parts_valid_until".
    [GeneratedRegex(@"^(?<what>[a-z]{4,})(?:_expires(?:_on|_at)?|_expiry(?:_date)?|_valid_(?:until|to)|_cover_ends|Expires(?:On|At)?|Expiry(?:Date)?|ValidUntil)$", RegexOptions.CultureInvariant)]
    private static partial Regex EndsField();

    // An argument whose value says what cover applies: "warranty_basis", "cover_type", "guarantee".
    [GeneratedRegex(@"warrant|cover|basis|entitle|guarant", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CoverArgument();

    [GeneratedRegex(@"^(?:19|20)\d{2}-\d{2}-\d{2}", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        // Each distinct result is read once for the covers it dates.
        var endsOf = new Dictionary<string, List<(string What, DateOnly Ends, string Field)>>(StringComparer.Ordinal);
        foreach (var call in context.CallsInOrder)
        {
            if (call.RequestedBy is not { IsModelCall: true } g || call.Arguments is not { } arguments || !CoverArgument().IsMatch(arguments.Text)) continue;
            if (arguments.Json is not { ValueKind: JsonValueKind.Object } args) continue;
            var asOf = DateOnly.FromDateTime(g.Span.StartTime.UtcDateTime);
            foreach (var (what, field, source) in Lapsed(g, asOf, endsOf))
            {
                if (Applies(args, what) is not { } applied) continue;
                yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                    $"The record says the {what} cover ended ({field}) before {g.Span.Name} ran on {asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, and the call still applies it ({applied}).",
                    [new Evidence(g.Span.SpanId, source, field), new Evidence(arguments.Span.SpanId, arguments.Source, applied)], 0.8)
                    with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                yield break;
            }
        }
    }

    // The covers a tool result the call was given dates as ended before the call: what (labour), the field as written, where.
    private static IEnumerable<(string What, string Field, string Source)> Lapsed(GenAiSpan g, DateOnly asOf, Dictionary<string, List<(string What, DateOnly Ends, string Field)>> endsOf)
    {
        foreach (var message in g.InputMessages)
        {
            foreach (var part in message.Parts)
            {
                if (part.Kind != PartKind.ToolCallResponse || part.Content is not { Length: > 0 } body) continue;
                if (!endsOf.TryGetValue(body, out var ends)) endsOf[body] = ends = Ends(body);
                foreach (var (what, date, field) in ends)
                {
                    if (date < asOf) yield return (what, field, part.Source);
                }
            }
        }
    }

    // The covers a result dates the end of: what, when, the field as written. Only a result that dates an end at all
    // ("_expires", "Expiry", "valid_until") is parsed.
    private static List<(string What, DateOnly Ends, string Field)> Ends(string body)
    {
        var found = new List<(string, DateOnly, string)>();
        if (!body.Contains('{', StringComparison.Ordinal) || (!body.Contains("xpir", StringComparison.Ordinal) && !body.Contains("alid", StringComparison.Ordinal) && !body.Contains("cover_ends", StringComparison.Ordinal))) return found;
        using var doc = JsonContent.ParseDocument(body);
        if (doc is not null)
        {
            foreach (var e in JsonProperties.Objects(doc.RootElement))
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String || EndsField().Match(p.Name) is not { Success: true } m) continue;
                    var value = p.Value.GetString()!;
                    if (!IsoDate().IsMatch(value) || !DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var ends)) continue;
                    if (JsonProperties.Written(body, p) is { } written) found.Add((m.Groups["what"].Value.ToLowerInvariant(), ends, written));
                }
            }
        }

        return found;
    }

    // An argument that applies the cover: a value of a field named for what cover applies that names it as a word
    // ("parts_and_labour"), or a note that puts the work "within" it ("within parts and labour warranty").
    private static string? Applies(JsonElement args, string what)
    {
        foreach (var p in args.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { } value) continue;
            var words = value.ToLowerInvariant().Split(['_', '-', ' ', '+', '/', ','], StringSplitOptions.RemoveEmptyEntries);
            if (CoverArgument().IsMatch(p.Name) && words.Contains(what)) return $"\"{p.Name}\":\"{value}\"";
            foreach (var sentence in Requests.Sentences(value))
            {
                var lowered = sentence.ToLowerInvariant();
                var within = lowered.IndexOf("within ", StringComparison.Ordinal);
                if (within >= 0 && WholeWords.Find(lowered, what, within) >= 0 && CoverArgument().IsMatch(lowered[within..]) && !lowered.Contains("expired", StringComparison.Ordinal)
                    && !lowered.Contains("outside", StringComparison.Ordinal)) return sentence.Trim();
            }
        }

        return null;
    }
}
