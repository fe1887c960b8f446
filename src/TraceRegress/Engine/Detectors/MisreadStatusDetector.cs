using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's record gives its state (<c>"booking_ref": "SB-24117", "status": "provisional", "deposit_paid": 0.0</c>), and a
/// later model call that read it tells someone the record, named by its reference, is in a state that one excludes
/// ("SB-24117 is all confirmed"): a provisional booking is not confirmed, an unpaid invoice is not paid, a pending
/// application is not approved. Nothing is invented (the record is real, the word is a state it could reach); the
/// record's state was misread. Tool Output Misinterpretation at the first call that says it, quoting the record's state
/// and the sentence. The state read is the latest a tool gave for that reference before the call, so a record confirmed
/// by a later call is read as confirmed; questions, conditions ("once it is confirmed") and negations claim nothing.
/// </summary>
internal sealed partial class MisreadStatusDetector : IDetector
{
    public const string DetectorId = "misread-status";

    // A sentence saying a thing is in a state: "is all confirmed", "has been paid", "'s now active".
    [GeneratedRegex(@"(?:\bis|\bare|\bwas|\bhas been|\bhave been|'s)\s+(?:(?:now|all|fully|already|been)\s+)*(?<state>confirmed|booked|secured|paid|settled|shipped|dispatched|delivered|approved|active|completed?|cancell?ed|refunded|resolved)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StateClaim();

    // A condition or a wish before the claim: it says what will or would hold, not what holds.
    [GeneratedRegex(@"\b(?:once|when|whenever|after|until|unless|if|as soon as|before|will|would|should|can|could|to make sure|check whether|whether)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Conditional();

    // The states a record can be in that exclude the claimed one, keyed by the claim's word.
    private static string[] Excluding(string claimed) => claimed.ToLowerInvariant() switch
    {
        "confirmed" or "booked" or "secured" => ["provisional", "pending", "tentative", "held", "on_hold", "hold", "unconfirmed", "requested", "waitlisted", "waitlist", "awaiting_payment", "awaiting_deposit", "awaiting_confirmation", "enquiry", "draft", "cancelled", "canceled", "expired", "declined"],
        "paid" or "settled" => ["unpaid", "due", "overdue", "outstanding", "pending", "awaiting_payment", "partially_paid", "part_paid", "failed", "declined", "open"],
        "shipped" or "dispatched" => ["processing", "pending", "awaiting_stock", "backordered", "on_hold", "not_shipped", "packing", "allocated", "cancelled"],
        "delivered" => ["processing", "pending", "shipped", "dispatched", "in_transit", "out_for_delivery", "returned", "lost", "on_hold"],
        "approved" => ["pending", "under_review", "in_review", "submitted", "rejected", "declined", "referred", "awaiting_documents", "on_hold"],
        "active" => ["suspended", "expired", "cancelled", "lapsed", "inactive", "paused", "frozen", "pending", "pending_activation", "closed"],
        "complete" or "completed" => ["in_progress", "scheduled", "pending", "open", "not_started", "booked", "on_hold"],
        "cancelled" or "canceled" => ["active", "confirmed", "booked", "scheduled", "open"],
        "refunded" => ["pending", "processing", "requested", "rejected", "declined", "not_refunded"],
        "resolved" => ["open", "in_progress", "pending", "escalated", "awaiting_customer", "new"],
        _ => [],
    };

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // The records that give a state, by reference, in the order their results were read.
        var records = new List<(int Rank, string Reference, string State, SourcedText Result, string Quote)>();
        foreach (var call in view.ToolCalls.Calls)
        {
            // Only a result with a field named for a state is walked ("status", "booking_status", "state").
            if (call.Result is not { Json: { } json } result || !(result.Text.Contains("status\"", StringComparison.OrdinalIgnoreCase) || result.Text.Contains("state\"", StringComparison.OrdinalIgnoreCase))) continue;
            foreach (var obj in JsonProperties.Objects(json))
            {
                string? state = null;
                string? quote = null;
                foreach (var p in obj.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: > 0 } value) continue;
                    var key = JsonProperties.Key(p.Name);
                    if (key is "status" or "state" || key.EndsWith("status", StringComparison.Ordinal) && !key.Contains("payment", StringComparison.Ordinal))
                    {
                        (state, quote) = (value.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_'), JsonProperties.Quote(result.Text, p));
                        break;
                    }
                }

                // Only a record that gives a state has its references read.
                var references = new List<string>();
                if (state is not null)
                {
                    foreach (var p in obj.EnumerateObject())
                    {
                        if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } value
                            && Facts.Extract(value) is [{ Kind: FactKind.Identifier } id] && id.Written.Length == value.Length) references.Add(value);
                    }
                }

                if (state is null) continue;
                foreach (var reference in references) records.Add((view.Rank(result.Span), reference, state, result, quote!));
            }
        }

        if (records.Count == 0) yield break;
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall) continue;
            var rank = view.Rank(g.Span);
            foreach (var part in g.OutputParts)
            {
                if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
                foreach (Match claim in StateClaim().Matches(text))
                {
                    var sentence = Requests.Sentence(text, claim.Index);
                    var before = sentence[..Math.Max(0, Math.Min(sentence.Length, sentence.IndexOf(claim.Value, StringComparison.Ordinal)))];
                    if (sentence.TrimEnd().EndsWith('?') || Conditional().IsMatch(before)) continue;
                    var excluded = Excluding(claim.Groups["state"].Value);
                    // The latest state a tool gave before this call for a reference the sentence names.
                    var read = records.Where(r => r.Rank < rank && sentence.Contains(r.Reference, StringComparison.Ordinal)).OrderByDescending(r => r.Rank).FirstOrDefault();
                    if (read.Reference is null || Array.IndexOf(excluded, read.State) < 0) continue;
                    yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                        $"{read.Result.Span.Name} gave {read.Reference} as {read.Quote}, and {g.Span.Name} said it {claim.Value.Trim()} (\"{Quote.Cut(sentence.Trim())}\").",
                        [new Evidence(read.Result.Span.SpanId, read.Result.Source, read.Quote), new Evidence(g.Span.SpanId, part.Source, Quote.Cut(sentence.Trim()))], 0.75)
                        with { Basis = AttributionBasis.UngroundedContent };
                    yield break;
                }
            }
        }
    }
}
