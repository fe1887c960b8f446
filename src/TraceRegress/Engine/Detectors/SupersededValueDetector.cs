using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user changed a figure and the call kept the old one: an earlier user message gives a number ("Around 40 people,
/// 2 of them vegetarian"), a later one revises it ("Update: headcount is now 55 confirmed, and 6 of them are
/// vegetarian"), and a model call that had both in its input sends the earlier number (<c>"vegetarian": 2</c>). The
/// revision is told apart from a new figure by its words: the later message says it changes something (now, update,
/// actually, instead, changed, make it) and gives its number among the words the earlier number stood with, or the words
/// of the argument's name. Context Handling Failures, cited at that call, quoting both messages and the argument.
/// </summary>
internal sealed partial class SupersededValueDetector : IDetector
{
    public const string DetectorId = "superseded-value";

    [GeneratedRegex(@"\b(?:now|update[ds]?|updated|actually|instead|change[ds]?|make it|rather|revised|correction|correct(?:ed)?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Revises();

    // A whole number standing alone: not part of a date, a time, a decimal, an id or an amount of money.
    [GeneratedRegex(@"(?<![\w.:/$£€-])\d{1,6}(?![\w.:/%-]|,\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Count();

    [GeneratedRegex(@"\p{L}{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    // A day named in words, with the day of the month when given: "Saturday 14 June", "Sunday 15th", "Saturday's".
    [GeneratedRegex(@"\b(?<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s|’s)?(?:,?\s+(?:the\s+)?(?<d>\d{1,2})(?:st|nd|rd|th)?\b)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamedDay();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    public IEnumerable<Finding> Detect(DetectionContext context) => Figures(context).Concat(Days(context)).Take(1);

    /// <summary>
    /// The same for a day: an earlier user message names one ("Is Saturday 14 June free?"), a later one moves to another
    /// ("Saturday's actually tricky for me now. Could we do Sunday 15th at 11:00 instead?"), and a model call that had both
    /// sends a tool the day moved away from (<c>"date": "2025-06-14"</c>, a Saturday). The date sent fits the earlier day
    /// (its weekday, and its day of the month when the user gave one) and not the one the revising sentence names; a user
    /// who comes back to the first day in a still later message has not moved away from it.
    /// </summary>
    private IEnumerable<Finding> Days(DetectionContext context)
    {
        foreach (var call in context.CallsInOrder)
        {
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { Json: { ValueKind: JsonValueKind.Object } root } args || UserMessages.Count(chooser) < 2) continue;
            var said = UserMessages.Parts(chooser).Select(p => p.Part).ToList();
            if (!said.Skip(1).Any(p => Revises().IsMatch(p.Content!))) continue;
            foreach (var p in root.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || IsoDate().Match(p.Value.GetString()!) is not { Success: true } iso) continue;
                if (!DateOnly.TryParseExact(iso.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var sent)) continue;
                // The last message that names a day: it must name another, in a sentence that revises.
                var last = said.FindLastIndex(s => NamedDay().IsMatch(s.Content!));
                if (last <= 0) continue;
                var text = said[last].Content!;
                var moved = NamedDay().Matches(text).FirstOrDefault(m => !Fits(m, sent) && Revises().IsMatch(Requests.Sentence(text, m.Index)));
                if (moved is null || NamedDay().Matches(text).Any(m => Fits(m, sent) && m.Groups["d"].Success)) continue;
                var first = said.FindIndex(s => NamedDay().Matches(s.Content!).Any(m => Fits(m, sent)));
                if (first < 0 || first >= last) continue;
                var earlierDay = NamedDay().Matches(said[first].Content!).First(m => Fits(m, sent));
                var earlier = new Evidence(chooser.Span.SpanId, said[first].Source, Requests.Sentence(said[first].Content!, earlierDay.Index).Trim());
                var revised = new Evidence(chooser.Span.SpanId, said[last].Source, Requests.Sentence(text, moved.Index).Trim());
                var written = JsonProperties.Quote(args.Text, p);
                yield return context.CreateFinding(this, chooser.Span, "Context Handling Failures",
                    $"The user moved to another day (\"{revised.Quote}\"), and {chooser.Span.Name} still sent {call.Name} {written}, the {sent.DayOfWeek} of an earlier message (\"{earlier.Quote}\").",
                    [earlier, revised, new Evidence(args.Span.SpanId, args.Source, written)], 0.7)
                    with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                yield break;
            }
        }
    }

    // A named day the date is: the same weekday, and the same day of the month when one is given.
    private static bool Fits(Match named, DateOnly date) =>
        Enum.TryParse<DayOfWeek>(named.Groups["wd"].Value, ignoreCase: true, out var weekday) && weekday == date.DayOfWeek
        && (!named.Groups["d"].Success || int.Parse(named.Groups["d"].ValueSpan, CultureInfo.InvariantCulture) == date.Day);

    private IEnumerable<Finding> Figures(DetectionContext context)
    {
        var view = context.View;
        var revises = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var call in view.ToolCalls.Calls.Where(c => c.RequestedBy is { IsModelCall: true }).OrderBy(c => view.Rank(c.RequestedBy!.Span)).ThenBy(c => c.Ordinal))
        {
            if (call.Arguments is not { } args || args.Text.IndexOf(':') < 0) continue;
            var chooser = call.RequestedBy!;
            // Only a conversation whose later user message revises something can have a figure revised.
            var users = 0;
            var revising = false;
            foreach (var message in chooser.InputMessages)
            {
                if (message.Role is not ("user" or "human")) continue;
                foreach (var part in message.Parts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
                    if (users++ == 0 || revising) continue;
                    if (!revises.TryGetValue(text, out revising)) revises[text] = revising = Revises().IsMatch(text);
                }
            }

            if (!revising || !JsonContent.TryParseStructured(args.Text, out var root) || root.ValueKind != JsonValueKind.Object) continue;
            var said = chooser.InputMessages.Where(m => m.Role is "user" or "human")
                .SelectMany(m => m.Parts.Where(p => p.Kind == PartKind.Text && p.Content is { Length: > 0 }).Select(p => (p.Source, Text: p.Content!))).ToList();
            foreach (var (key, value) in Numbers(root))
            {
                var old = value.ToString(CultureInfo.InvariantCulture);
                // The earliest message that gives the number, and a later one that revises it and no longer gives it.
                var first = said.FindIndex(s => Stands(s.Text, old) >= 0);
                if (first < 0 || said.Skip(first + 1).Any(s => Stands(s.Text, old) >= 0)) continue;
                var at = Stands(said[first].Text, old);
                var before = Around(said[first].Text, at, old.Length);
                var parts = Parts(key);
                for (var later = said.Count - 1; later > first; later--)
                {
                    var text = said[later].Text;
                    if (!Revises().IsMatch(text)) continue;
                    foreach (Match n in Count().Matches(text))
                    {
                        if (n.Value == old) continue;
                        // The argument is named for what the figures count, and the two figures count the same thing.
                        var after = Around(text, n.Index, n.Length);
                        if (!(Names(parts, before) || Names(parts, after))) continue;
                        if (!Names(parts, after) && !before.Select(Stem).Intersect(after.Select(Stem)).Any()) continue;
                        var earlier = new Evidence(chooser.Span.SpanId, said[first].Source, Requests.Sentence(said[first].Text, at));
                        var revised = new Evidence(chooser.Span.SpanId, said[later].Source, Requests.Sentence(text, n.Index));
                        var sent = $"\"{key}\":{old}";
                        var quote = args.Text.Contains(sent, StringComparison.Ordinal) ? sent : $"\"{key}\": {old}";
                        yield return context.CreateFinding(this, chooser.Span, "Context Handling Failures",
                            $"The user revised a figure (\"{revised.Quote}\"), and {chooser.Span.Name} still sent {call.Name} {key} {old}, the figure of an earlier message (\"{earlier.Quote}\").",
                            [earlier, revised, new Evidence(args.Span.SpanId, args.Source, args.Text.Contains(quote, StringComparison.Ordinal) ? quote : Quote.Cut(args.Text))], 0.7)
                            with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                        yield break;
                    }
                }
            }
        }
    }

    /// <summary>The whole numbers of the arguments with the name of the field that holds each, at any depth.</summary>
    private static IEnumerable<(string Key, long Value)> Numbers(JsonElement root)
    {
        foreach (var obj in JsonProperties.Objects(root))
        {
            foreach (var p in obj.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var n) && n is >= 2 and < 100000) yield return (p.Name, n);
            }
        }
    }

    private static int Stands(string text, string number)
    {
        foreach (Match m in Count().Matches(text))
        {
            if (m.Value == number) return m.Index;
        }

        return -1;
    }

    // The words of a field's name: guest_count, guestCount → guest, count.
    private static List<string> Parts(string key) =>
        Regex.Split(key, @"[_.\-]|(?<=[a-z])(?=[A-Z])").Where(p => p.Length >= 4).Select(p => p.ToLowerInvariant()).ToList();

    // A word of the field's name in a word near the figure: count in headcount, vegetarian in vegetarians.
    private static bool Names(List<string> parts, HashSet<string> words) =>
        parts.Exists(p => words.Any(w => w.Contains(p, StringComparison.Ordinal) || (w.Length >= 5 && p.Contains(w, StringComparison.Ordinal))));

    /// <summary>The four words either side of a number, lower case.</summary>
    private static HashSet<string> Around(string text, int index, int length)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var before = Word().Matches(text[Math.Max(0, index - 40)..index]);
        for (var i = Math.Max(0, before.Count - 4); i < before.Count; i++) words.Add(before[i].Value.ToLowerInvariant());
        var taken = 0;
        foreach (Match w in Word().Matches(text[(index + length)..Math.Min(text.Length, index + length + 40)]))
        {
            words.Add(w.Value.ToLowerInvariant());
            if (++taken == 4) break;
        }

        words.ExceptWith(Filler);
        return words;
    }

    // Words that stand beside any figure and say nothing of what it counts.
    private static readonly string[] Filler = ["them", "with", "that", "this", "have", "will", "from", "about"];

    private static string Stem(string word)
    {
        var lower = word.ToLowerInvariant();
        return lower.Length > 5 ? lower[..5] : lower;
    }
}
