using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The task says how many people something is for ("six of us", "a table for 4", "party of eight") and a model call hands
/// on another number: a question to a sub-agent that says "for 4 guests", or a tool call whose party-size argument
/// (<c>party_size</c>, <c>guests</c>, <c>covers</c>, <c>pax</c>) says 4. The work then serves a party the user does not
/// have. A hand-off to another agent is Task Orchestration; a tool call the model wrote itself, Instruction
/// Non-compliance. Cited at the call that wrote the number, quoting both. Counts of adults or children alone are not
/// read as the whole party.
/// </summary>
internal sealed partial class HeadCountDetector : IDetector
{
    public const string DetectorId = "head-count";

    private const string Count = @"(?<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)";

    [GeneratedRegex(@"\b" + Count + @"\s+(?:of us|people|persons|guests|diners|attendees|participants|pax|covers|travell?ers|passengers)\b|\b(?:party|group|table|booking|reservation|room) (?:of|for) " + Count + @"\b(?!\s*(?:am|pm|a\.m|p\.m|o'clock|nights?|days?|hours?|minutes?|weeks?|months?|years?|:))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeadCount();

    private static readonly HashSet<string> PartyKeys = new(StringComparer.Ordinal)
    {
        "partysize", "party", "guests", "numguests", "guestcount", "numberofguests", "people", "numpeople", "numberofpeople", "pax",
        "covers", "headcount", "persons", "groupsize", "seats",
    };

    /// <summary>The numbers from zero to twenty in words, each at its own index.</summary>
    internal static readonly string[] Words =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"];

    public string Id => DetectorId;

    public int Priority => 54;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task || Of(task.Text) is not var (asked, askedWritten)) yield break;
        var view = context.View;
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.Arguments is not { } args || call.RequestedBy is not { } g) continue;
            var agent = DroppedConstraintDetector.RunsAnAgent(view, call);
            var sent = agent ? Of(args.Text) : Argument(args.Text);
            if (sent is not var (given, givenWritten) || given == asked) continue;
            var explains = new List<string>();
            if (call.ExecutionSpan is { } executed)
            {
                explains.Add(executed.SpanId);
                explains.AddRange(executed.Descendants().Take(64).Select(d => d.SpanId));
            }

            var tool = call.Name.Length > 0 ? call.Name : "a tool";
            yield return context.CreateFinding(this, g.Span, agent ? "Task Orchestration" : "Instruction Non-compliance",
                $"{g.Span.Name} asks {tool} for {givenWritten} where the task says {askedWritten}: the work serves another party size.",
                [new Evidence(task.Span.SpanId, task.Source, askedWritten), new Evidence(args.Span.SpanId, args.Source, givenWritten)], 0.65)
                with { Basis = AttributionBasis.Inference, Explains = explains };
            yield break;
        }
    }

    // The first head count a text states, with how it writes it.
    private static (int Value, string Written)? Of(string text)
    {
        var m = HeadCount().Match(text);
        if (!m.Success) return null;
        var group = m.Groups["n"].Captures[^1].Value;
        var value = int.TryParse(group, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n : Array.IndexOf(Words, group.ToLowerInvariant());
        return value > 0 ? (value, m.Value) : null;
    }

    // A party-size argument of a JSON tool call ("party_size": 4), as written.
    private static (int Value, string Written)? Argument(string args)
    {
        var t = args.AsSpan().TrimStart();
        if (t.Length == 0 || t[0] != '{') return null;
        try
        {
            using var doc = JsonDocument.Parse(args);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (!PartyKeys.Contains(JsonProperties.Key(p.Name)) || p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var n)) continue;
                return (n, JsonProperties.Written(args, p) ?? p.Name + ": " + n);
            }
        }
        catch (JsonException)
        {
            // Not JSON: no argument to read.
        }

        return null;
    }
}
