using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user says they have paid ("I paid that by bank transfer on Friday the 6th, reference CALDER GW JUNE", "I paid my
/// renewal (£96) by bank transfer on 28 February"), and the run answers by asking them to pay: a model call says it will
/// send a payment link, or calls a tool that makes one (<c>create_payment_link</c>, <c>request_payment</c>), without any
/// tool having looked for the payment the user describes. The problem was a payment not matched or a fee disputed; it
/// was taken for a debt: Incorrect Problem Identification at the first model call that took it so, quoting the user's
/// sentence and the call. A user who says they have not paid, or a run that searched for the payment first, is no
/// finding.
/// </summary>
internal sealed partial class PaidAgainDetector : IDetector
{
    public const string DetectorId = "paid-again";

    // The user's own word that they paid: "I paid", "I've already paid", "we have paid", "payment was made".
    [GeneratedRegex(@"\b(?:I|we)(?:'ve|’ve| have)?\s+(?:already\s+)?paid\b|\balready paid\b|\bpayment (?:was|has been) (?:made|sent)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SaysPaid();

    // A tool that asks the user to pay.
    [GeneratedRegex(@"pay(?:ment)?_?link|request_?payment|collect_?payment|take_?payment|payment_?request|charge_?card", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsksToPay();

    // A model's words that it will ask the user to pay.
    [GeneratedRegex(@"\b(?:payment link|link to pay|pay(?:ment)? request)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SaysAskToPay();

    // A tool that looks for a payment the user made.
    [GeneratedRegex(@"unallocated|receipt|remittance|trace|(?:find|search|match|lookup|get)_?(?:bank_?)?(?:payment|transfer|transaction)s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooksForPayment();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task || SaysPaid().Match(task.Text) is not { Success: true } paid) yield break;
        var view = context.View;
        var calls = context.CallsInOrder;
        var ask = calls.FirstOrDefault(c => AsksToPay().IsMatch(c.Name) && !ToolNames.OpensWithReading(c.Name));
        if (ask?.RequestedBy is not { } asker) yield break;
        // A run that looked for the payment first asked for it knowing.
        if (calls.Any(c => c.Ordinal < ask.Ordinal && LooksForPayment().IsMatch(c.Name))) yield break;
        // The first model call that said it would ask for payment, or the one that did.
        GenAiSpan chose = asker;
        SourcedText? said = null;
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall || view.Rank(g.Span) >= view.Rank(asker.Span)) continue;
            var part = g.OutputParts.FirstOrDefault(p => p.Kind == PartKind.Text && p.Content is { } t && SaysAskToPay().IsMatch(t));
            if (part?.Content is not { } text) continue;
            chose = g;
            said = new SourcedText(g.Span, part.Source, Requests.Sentence(text, SaysAskToPay().Match(text).Index).Trim());
            break;
        }

        var evidence = new List<Evidence> { new(task.Span.SpanId, task.Source, Requests.Sentence(task.Text, paid.Index).Trim()) };
        if (said is not null) evidence.Add(new Evidence(said.Span.SpanId, said.Source, said.Text));
        if (ask.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
        yield return context.CreateFinding(this, chose.Span, "Incorrect Problem Identification",
            $"The user says they paid (\"{paid.Value}\"), and {chose.Span.Name} took it for a debt to collect: {ask.Name} asked them to pay, and no tool looked for the payment they describe.",
            evidence, 0.6) with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chose.Span).Select(g => g.Span.SpanId).ToArray() };
    }
}
