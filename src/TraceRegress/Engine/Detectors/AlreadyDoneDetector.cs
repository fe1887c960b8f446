using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool that acts answers that what it works on was already done ("Deposit already paid; voucher value stored as account
/// credit"), and an earlier call of the run is the one that did it (<c>take_payment</c>, whose name holds the thing the
/// word names: paid, payment). The earlier action took away what the later one needed: the order of the two was wrong.
/// Task Orchestration at the model call that asked for the earlier action, quoting the later result and the earlier
/// call. A result that says so of nothing the run did, a reading tool's result, or an error result, is no finding.
/// </summary>
internal sealed partial class AlreadyDoneDetector : IDetector
{
    public const string DetectorId = "already-done";

    [GeneratedRegex(@"\balready\s+(?:been\s+)?(?<done>[a-z]{2,}(?:ed|id|nt|ne))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Already();

    // The stem of a done word a tool's name begins a word with: paid -> pay, cancelled -> cancel, sent -> send.
    private static string Stem(string done)
    {
        var w = done.ToLowerInvariant();
        return w switch
        {
            "paid" => "pay",
            "sent" => "send",
            "done" => "do",
            "spent" => "spend",
            "gone" => "go",
            _ when w.EndsWith("lled", StringComparison.Ordinal) || w.EndsWith("tted", StringComparison.Ordinal) || w.EndsWith("pped", StringComparison.Ordinal) => w[..^3],
            _ when w.EndsWith("ied", StringComparison.Ordinal) => w[..^3] + "y",
            _ when w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 5 => w[..^2].TrimEnd('e'),
            _ => w,
        };
    }

    // The JSON string the words stand in ("Deposit already paid; voucher value stored as account credit"), else their sentence.
    private static string Enclosing(string text, int at)
    {
        var open = text.LastIndexOf('"', at);
        var close = text.IndexOf('"', at);
        if (open >= 0 && close > at && close - open < 300 && text.IndexOf('\n', open, close - open) < 0) return text[(open + 1)..close];
        return Requests.Sentence(text, at).Trim();
    }

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var calls = context.CallsInOrder;
        for (var i = 0; i < calls.Count; i++)
        {
            var later = calls[i];
            if (later.Result is not { } result || later.Error is not null || ToolNames.Reads(later.Name) || later.RequestedBy is not { } laterChooser) continue;
            if (!result.Text.Contains("already", StringComparison.OrdinalIgnoreCase) || Already().Match(result.Text) is not { Success: true } said) continue;
            var stem = Stem(said.Groups["done"].Value);
            if (stem.Length < 3) continue;
            for (var k = 0; k < i; k++)
            {
                var earlier = calls[k];
                if (earlier.Name == later.Name || earlier.Error is not null || earlier.Results.Count == 0 || ToolNames.Reads(earlier.Name)) continue;
                if (earlier.RequestedBy is not { } chooser || chooser == laterChooser || view.Rank(chooser.Span) > view.Rank(laterChooser.Span)) continue;
                if (!NameWords.Word().Matches(earlier.Name).Any(w => w.Value.StartsWith(stem, StringComparison.OrdinalIgnoreCase))) continue;
                var quote = Quote.Cut(Enclosing(result.Text, said.Index));
                var evidence = new List<Evidence> { new(result.Span.SpanId, result.Source, quote) };
                if (earlier.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
                yield return context.CreateFinding(this, chooser.Span, "Task Orchestration",
                    $"{later.Name} answered \"{quote}\": {earlier.Name}, which {chooser.Span.Name} called before it, had already done that, so the two ran in the wrong order.",
                    evidence, 0.6) with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }
}
