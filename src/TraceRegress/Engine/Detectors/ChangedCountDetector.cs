using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A count the user gave of a thing ("Only 9 holes this time though"), sent to a tool under that thing's name with another
/// number (<c>"holes": 18</c>), the user's number sent nowhere and never taken back. The run acted on a count the user did
/// not ask for: Context Handling Failures at the model call that sent it when the user said it in an earlier message than
/// the call's last, else Instruction Non-compliance, quoting the user's words and the argument. A count the user changed
/// later ("make it 18 holes"), one more of a thing ("2 more bags"), or a party's size (<c>head-count</c> reads those) is
/// no finding.
/// </summary>
internal sealed partial class ChangedCountDetector : IDetector
{
    public const string DetectorId = "changed-count";

    private const string Number = @"(?<n>\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";

    // "9 holes", "three bags", "2 nights"; not "2 more bags".
    [GeneratedRegex(@"\b" + Number + @"\s+(?<more>(?:more|extra|additional|further|other)\s+)?(?<noun>[a-z]{3,20})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Counted();

    private static readonly string[] Words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    // A party's size is head-count's; a length of time or an amount of money is no count of things.
    private static readonly HashSet<string> NotThings = new(StringComparer.Ordinal)
    {
        "people", "person", "guest", "diner", "attendee", "participant", "pax", "cover", "traveller", "traveler", "passenger", "adult", "child", "kid",
        "year", "month", "week", "day", "hour", "minute", "second", "pound", "euro", "dollar", "pence", "cent", "percent", "time", "pm", "am",
        "the", "and", "for", "from", "with", "per", "off", "out", "but", "that", "this", "are", "was", "were", "will",
    };

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        // Each key's thing and each user text's counts are read once: a conversation's history repeats them in every call.
        var things = new Dictionary<string, string?>(StringComparer.Ordinal);
        var counted = new Dictionary<string, List<(Match Said, string Noun, int N)>>(StringComparer.Ordinal);
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { Json: { ValueKind: JsonValueKind.Object } sent } args || call.RequestedBy is not { } chooser) continue;
            foreach (var p in sent.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var value) || value < 0) continue;
                if (!things.TryGetValue(p.Name, out var thing)) things[p.Name] = thing = Thing(p.Name);
                if (thing is null) continue;
                // The user's latest count of the thing is another number, and the user never gave this one, with the thing
                // or beside it ("reduce us from 60 seats to 45", "charges for 32 students but only 28 came").
                (int Message, MessagePart Part, Match Said)? latest = null;
                var given = false;
                foreach (var (index, userPart) in UserMessages.Parts(chooser))
                {
                    var text = userPart.Content!;
                    if (!text.Contains(thing, StringComparison.OrdinalIgnoreCase)) continue;
                    if (!counted.TryGetValue(text, out var counts)) counted[text] = counts = Counts(text);
                    foreach (var (m, noun, n) in counts)
                    {
                        if (noun != thing) continue;
                        latest = (index, userPart, m);
                        given |= n == value || Beside(text, m.Index, value);
                    }
                }

                if (latest is not { } said || given) continue;
                var (message, part, match) = said;
                var users = UserMessages.Count(chooser);
                var earlier = message < users - 1;
                var written = JsonProperties.Quote(args.Text, p);
                yield return context.CreateFinding(this, chooser.Span, earlier ? "Context Handling Failures" : "Instruction Non-compliance",
                    $"The user asked for {match.Value}{(earlier ? " in an earlier message" : "")}, and {chooser.Span.Name} sent {call.Name} {written}.",
                    [new Evidence(chooser.Span.SpanId, part.Source, match.Value), new Evidence(args.Span.SpanId, args.Source, written)], 0.65)
                    with { Basis = AttributionBasis.UngroundedContent, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }

    // What a user text counts: each count of a thing, with the thing and the number.
    private static List<(Match, string, int)> Counts(string text)
    {
        var counts = new List<(Match, string, int)>();
        foreach (Match m in Counted().Matches(text))
        {
            if (m.Groups["more"].Success) continue;
            var noun = Stem(m.Groups["noun"].Value);
            if (NotThings.Contains(noun)) continue;
            var n = m.Groups["n"].Value;
            counts.Add((m, noun, char.IsAsciiDigit(n[0]) ? int.Parse(n, CultureInfo.InvariantCulture) : Array.IndexOf(Words, n.ToLowerInvariant()) + 1));
        }

        return counts;
    }

    // A clause: the text between sentence ends, semicolons and dashes set off by spaces.
    [GeneratedRegex(@"[.!?;\n]|\s[-–—]\s", RegexOptions.CultureInvariant)]
    private static partial Regex ClauseEnd();

    [GeneratedRegex(@"(?<![\d.,])\d{1,4}(?![\d.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Figure();

    // The number written in the clause that holds the count.
    private static bool Beside(string text, int at, int value)
    {
        var start = 0;
        var end = text.Length;
        foreach (Match m in ClauseEnd().Matches(text))
        {
            if (m.Index < at) start = m.Index + m.Length;
            else if (m.Index > at)
            {
                end = m.Index;
                break;
            }
        }

        var clause = text[start..end];
        return Figure().Matches(clause).Any(f => int.TryParse(f.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n == value)
               || (value is >= 1 and <= 12 && WholeWords.Find(clause, Words[value - 1], StringComparison.OrdinalIgnoreCase) >= 0);
    }

    // The thing a count argument is named for: "holes", "num_bags", "numberOfNights", "room_count"; null for other names.
    private static string? Thing(string key)
    {
        var words = NameWords.Word().Matches(key).Select(m => m.Value.ToLowerInvariant()).Where(w => w is not ("num" or "number" or "of" or "count" or "qty" or "quantity" or "total" or "no")).ToList();
        return words.Count == 1 && Stem(words[0]) is var stem && !NotThings.Contains(stem) ? stem : null;
    }

    private static string Stem(string word)
    {
        var w = word.ToLowerInvariant();
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4) return w[..^3] + "y";
        if (w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal)) return w[..^2];
        if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && w.Length > 3) return w[..^1];
        return w;
    }
}
