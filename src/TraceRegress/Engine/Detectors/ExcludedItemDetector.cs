using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user asked for an action and ruled one of their things out of it ("refill my lisinopril and atorvastatin please.
/// NOT the metformin", "cancel both bookings except the Lisbon one", "don't renew the atlas"), and a model call asked an
/// action's tool for that very thing: by name in its arguments, or by the id a tool's record of it carries
/// (<c>"rx_number": "RX-7780991"</c> in the record whose drug is metformin). Instruction Non-compliance, cited at that
/// call, quoting the user's exclusion and the argument. Tools that only read are not actions.
/// </summary>
internal sealed partial class ExcludedItemDetector : IDetector
{
    public const string DetectorId = "excluded-item";

    // "NOT the metformin", "except the Lisbon one", "but not my atlas", "don't renew the atlas", "leave out the dessert".
    [GeneratedRegex(@"\b(?:not|except(?:\s+for)?|excluding|apart\s+from|other\s+than|leave\s+(?:out|off)|hold\s+off\s+on|(?:don't|do\s+not|dont)\s+[a-z]+)\s+(?:the|my|our|his|her|their)\s+(?<item>[A-Za-z][A-Za-z\-]{3,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Excluded();

    // Words after "not the" that name no thing of the user's ("not the case", "not the same").
    private static readonly HashSet<string> NoThing = new(StringComparer.OrdinalIgnoreCase)
    {
        "case", "same", "only", "first", "last", "best", "right", "wrong", "time", "issue", "problem", "point", "reason", "ones",
        "idea", "answer", "question", "whole", "full", "rest", "other", "others", "usual",
    };

    // A reference a record carries: letters and digits joined, with a digit ("RX-7780991", "bk_2231").
    [GeneratedRegex(@"^(?=[^ ]*\d)[A-Za-z0-9][A-Za-z0-9_\-]{3,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    public string Id => DetectorId;

    public int Priority => 53;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // What each user text rules out, read once: conversations repeat their history in every call.
        var ruledOut = new Dictionary<string, List<Match>>(StringComparer.Ordinal);
        foreach (var call in view.ToolCalls.Calls.Where(c => c.RequestedBy is { IsModelCall: true }).OrderBy(c => view.Rank(c.RequestedBy!.Span)).ThenBy(c => c.Ordinal))
        {
            if (call.Name.Length == 0 || ToolNames.Reads(call.Name) || call.Arguments is not { } args) continue;
            var chooser = call.RequestedBy!;
            foreach (var message in chooser.InputMessages)
            {
                if (message.Role is not ("user" or "human")) continue;
                foreach (var part in message.Parts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } said) continue;
                    if (!ruledOut.TryGetValue(said, out var exclusions))
                    {
                        exclusions = said.AsSpan().IndexOfAny(Markers) >= 0 && Requests.AsksAction(said)
                            ? Excluded().Matches(said).Where(m => !NoThing.Contains(m.Groups["item"].Value)).ToList()
                            : [];
                        ruledOut[said] = exclusions;
                    }

                    foreach (var m in exclusions)
                    {
                        var item = m.Groups["item"].Value;
                        if (Named(args.Text, item, chooser) is not { } named) continue;
                        var exclusion = new SourcedText(chooser.Span, part.Source, said);
                        yield return context.CreateFinding(this, chooser.Span, "Instruction Non-compliance",
                            $"The user ruled the {item} out (\"{m.Value}\"), and {chooser.Span.Name} asked {call.Name} for it ({named}).",
                            [new Evidence(exclusion.Span.SpanId, exclusion.Source, Requests.Sentence(said, m.Index)), new Evidence(args.Span.SpanId, args.Source, named)], 0.7)
                            with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                        yield break;
                    }
                }
            }
        }
    }

    // The letters every exclusion holds one of: "not", "except", "excluding", "apart", "other", "leave", "hold", "don't".
    private static readonly System.Buffers.SearchValues<string> Markers = System.Buffers.SearchValues.Create(
        ["not ", "NOT ", "Not ", "xcept", "xcluding", "part from", "ther than", "eave out", "eave off", "old off", "on't ", "ont "], StringComparison.Ordinal);

    private static IEnumerable<string> References(JsonElement record) =>
        record.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String && Reference().IsMatch(p.Value.GetString()!)).Select(p => p.Value.GetString()!).Distinct();

    /// <summary>What in the arguments names the item: the item's word, or the reference of a record a tool returned about it.</summary>
    private static string? Named(string arguments, string item, GenAiSpan chooser)
    {
        if (WholeWords.Find(arguments, item, StringComparison.OrdinalIgnoreCase) >= 0) return item;
        foreach (var message in chooser.InputMessages)
        {
            foreach (var part in message.Parts)
            {
                if (part.Kind != PartKind.ToolCallResponse || part.Content is not { Length: > 0 } result || result.IndexOf(item, StringComparison.OrdinalIgnoreCase) < 0) continue;
                if (!JsonContent.TryParseStructured(result, out var root)) continue;
                // A reference names one record only when no other record carries it (a patient id is on every one).
                var records = JsonProperties.Objects(root).ToList();
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var record in records)
                {
                    foreach (var value in References(record)) seen[value] = seen.GetValueOrDefault(value) + 1;
                }

                foreach (var record in records)
                {
                    var about = record.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.String && WholeWords.Find(p.Value.GetString()!, item, StringComparison.OrdinalIgnoreCase) >= 0);
                    if (!about) continue;
                    if (References(record).FirstOrDefault(r => seen[r] == 1 && arguments.Contains(r, StringComparison.Ordinal)) is { } reference) return reference;
                }
            }
        }

        return null;
    }
}
