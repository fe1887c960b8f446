using System.Text.RegularExpressions;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user gives a value of a kind that picks out one place or person (a postcode, an email address: "He's at 12
/// Bootham Terrace, York YO30 7BW - not to me"), and a model call sends a tool another value of the same kind, one a
/// tool's record held (the customer's <c>"postcode": "LS6 1PY"</c> from their profile), while no call sent the user's
/// email address, or, for a postcode, neither that call, a call to the same tool nor a later call sent the user's. The run acted for another place or person than the one the user named: Context Handling Failures at the
/// first call that sent the record's value when the user said it in an earlier message than the call's last, else
/// Instruction Non-compliance, quoting the user's value and the one sent.
/// </summary>
internal sealed partial class ReplacedUserValueDetector : IDetector
{
    public const string DetectorId = "replaced-user-value";

    // A UK postcode (YO30 7BW, LS6 1PY, SW1A 1AA) or an email address.
    [GeneratedRegex(@"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Locator();

    // The postcode alone: a text without an '@' holds no email address, and the email branch is the costly one to try.
    [GeneratedRegex(@"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Postcode();

    private static MatchCollection Locators(string text) => text.Contains('@', StringComparison.Ordinal) ? Locator().Matches(text) : Postcode().Matches(text);

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // A run whose user gave no postcode or email address has nothing to replace.
        if (!UserMessages.Texts(view).Exists(t => Locators(t).Count > 0)) yield break;
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } args || call.RequestedBy is not { } chooser) continue;
            var users = UserMessages.Count(chooser);
            if (users == 0) continue;
            foreach (Match sent in Locators(args.Text))
            {
                var kind = sent.Value.Contains('@', StringComparison.Ordinal);
                // The user's own value of that kind, and which of their messages gave it.
                string? given = null;
                var at = -1;
                MessagePart? part = null;
                foreach (var (i, p) in UserMessages.Parts(chooser))
                {
                    var own = Locators(p.Content!).FirstOrDefault(m => m.Value.Contains('@', StringComparison.Ordinal) == kind);
                    if (own is null) continue;
                    (given, at, part) = (own.Value, i, p);
                    break;
                }

                if (given is null || part is null || Same(given, sent.Value)) continue;
                // The value sent came from a tool's record, and the user's was not sent in its place. An email address may be
                // one of several people's, so any call that sent the user's uses it. A place is one: an earlier call that sent
                // the user's postcode (a quote for the right place) shows it was known and then replaced; only this call, a
                // call to the same tool or a later one sending it puts it back.
                var rank = view.Rank(chooser.Span);
                if (!context.CallsInOrder.Any(c => c.Results.Any(r => view.Rank(r.Span) < rank && r.Text.Contains(sent.Value, StringComparison.Ordinal)))) continue;
                if (context.CallsInOrder.Any(c => c.Arguments is { } a && a.Text.Contains(given, StringComparison.OrdinalIgnoreCase)
                        && (kind || ReferenceEquals(c, call) || c.Name == call.Name || c.RequestedBy is not { } by || view.Rank(by.Span) >= rank))) continue;
                var earlier = at < users - 1;
                yield return context.CreateFinding(this, chooser.Span, earlier ? "Context Handling Failures" : "Instruction Non-compliance",
                    $"The user gave {given}{(earlier ? " in an earlier message" : "")}, and {chooser.Span.Name} sent {call.Name} {sent.Value}, a tool's record's, and never the user's.",
                    [new Evidence(chooser.Span.SpanId, part.Source, given), new Evidence(args.Span.SpanId, args.Source, sent.Value)], 0.65)
                    with { Basis = AttributionBasis.UngroundedContent };
                yield break;
            }
        }
    }

    private static bool Same(string a, string b) => string.Equals(a.Replace(" ", "", StringComparison.Ordinal), b.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
}
