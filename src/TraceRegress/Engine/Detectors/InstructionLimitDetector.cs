using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The instructions a model call was given cap a count ("a payment plan of at most 6 monthly instalments", "no more
/// than 3 guests", "a maximum of 2 refunds"), and the call asks a tool for more: an argument named for the thing counted
/// (<c>"instalments": 12</c>, <c>"guest_count": 5</c>) above the cap. The tool did what it was asked; the call broke its
/// instructions: Instruction Non-compliance, quoting the cap and the argument.
/// </summary>
internal sealed partial class InstructionLimitDetector : IDetector
{
    public const string DetectorId = "instruction-limit";

    [GeneratedRegex(@"\b(?:at most|no more than|not more than|a maximum of|maximum of|never more than|limited to|cannot exceed|can ?not exceed|may not exceed|must not exceed|up to)\s+(?<n>\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)\s+(?<phrase>[a-z-]+(?:\s+[a-z-]+){0,2})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Cap();

    private static readonly string[] Numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var call in context.View.ToolCalls.Calls)
        {
            if (call.RequestedBy is not { } g || call.Arguments is not { } args || !args.Text.TrimStart().StartsWith('{')) continue;
            var caps = Caps(g);
            if (caps.Count == 0) continue;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(args.Text);
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
                    if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var value)) continue;
                    var key = Stem(JsonProperties.Key(p.Name));
                    foreach (var (limit, noun, quote, source) in caps)
                    {
                        // The argument counts the thing capped: its name is the noun ("instalments"), or the noun with a
                        // count word ("guest_count", "num_refunds"); an amount per thing ("instalment_amount") is not a count.
                        if (value <= limit || !CountsIt(key, noun)) continue;
                        var written = JsonProperties.Quote(args.Text, p);
                        yield return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                            $"The instructions cap it (\"{quote}\"), and {g.Span.Name} asked {call.Name} for {written}.",
                            [new Evidence(g.Span.SpanId, source, quote), new Evidence(args.Span.SpanId, args.Source, written)], 0.7)
                            with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                        yield break;
                    }
                }
            }
        }
    }

    private static bool CountsIt(string key, string noun) =>
        key == noun || (key.Contains(noun, StringComparison.Ordinal) && (key.StartsWith("num", StringComparison.Ordinal) || key.StartsWith("number", StringComparison.Ordinal)
                                                                           || key.EndsWith("count", StringComparison.Ordinal) || key.StartsWith("count", StringComparison.Ordinal)));

    // Lower case letters only, one 'l' for a doubled one and no plural s: "installments" and "instalment" are one word.
    private static string Stem(string word)
    {
        var w = word.ToLowerInvariant().Replace("ll", "l", StringComparison.Ordinal);
        return w.Length > 4 && w[^1] == 's' && w[^2] != 's' ? w[..^1] : w;
    }

    // The caps the call's system or developer instructions state, with the noun counted.
    private static List<(decimal Limit, string Noun, string Quote, string Source)> Caps(GenAiSpan g)
    {
        var caps = new List<(decimal, string, string, string)>();
        foreach (var part in g.InputMessages.Where(m => m.Role is "system" or "developer").SelectMany(m => m.Parts))
        {
            if (part.Kind != PartKind.Text || part.Content is not { } text) continue;
            foreach (Match m in Cap().Matches(text))
            {
                var n = m.Groups["n"].Value.ToLowerInvariant();
                decimal limit;
                if (decimal.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) limit = parsed;
                else if (Array.IndexOf(Numbers, n) is >= 0 and var i) limit = i;
                else if (n is "fifteen" or "twenty" or "thirty") limit = n == "fifteen" ? 15 : n == "twenty" ? 20 : 30;
                else continue;
                // Any word of the phrase after the number may name the thing counted ("6 monthly instalments to").
                var phrase = m.Groups["phrase"];
                foreach (Match word in Regex.Matches(phrase.Value, "[a-z]{4,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                {
                    caps.Add((limit, Stem(word.Value), text[m.Index..(phrase.Index + word.Index + word.Length)], part.Source));
                }
            }
        }

        return caps;
    }
}
