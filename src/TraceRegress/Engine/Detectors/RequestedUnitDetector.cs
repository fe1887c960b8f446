using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The task asks for its answer in one unit ("What was the total weight …, in tonnes?", "How many hours …") while the
/// data it is answered from are in another of the same kind (weights in kilograms, a <c>weight_kg</c> column, times in
/// minutes), and the final answer gives the data's figure as it stood: a number copied from upstream where it was in the
/// data's unit, with no conversion anywhere between. The figure is right and the answer wrong. Cited at the first
/// reasoning turn that took the unconverted figure as the answer (an orchestrator's ledger that declares the request
/// satisfied, the expert who reports it, the model call that answers): Instruction Non-compliance, quoting the unit asked
/// for and the figure given. A figure that is itself the conversion of an upstream one, or whose source names the unit
/// asked for, is not read this way.
/// </summary>
internal sealed partial class RequestedUnitDetector : IDetector
{
    public const string DetectorId = "requested-unit";

    internal const string UnitWords =
        "tonnes?|tons?|metric tons?|kilograms?|kilos|kg|grams?|pounds|lbs|ounces|kilometres?|kilometers?|km|miles?|metres?|meters?|centimetres?|centimeters?|cm|millimetres?|millimeters?|mm|feet|foot|ft|yards?|inches|hours?|hrs|minutes?|mins?|seconds?|secs?|days|weeks|litres?|liters?|millilitres?|milliliters?|ml|gallons?";

    // The unit an answer is asked for: "in tonnes", "in metric tons", "to the nearest kilometre", "how many hours". Not the
    // first unit of a rate ("in miles per hour", "in km/h"): a speed is no length.
    [GeneratedRegex(@"\b(?:in|into|as|to the nearest)\s+(?:whole\s+|metric\s+|full\s+)?(?<unit>" + UnitWords + @")\b(?!\s*(?:per\b|/|an? (?:hour|day|minute|second|week|year)\b))|\bhow (?:many|much)\s+(?<unit>" + UnitWords + @")\b(?!\s*(?:per\b|/|an? (?:hour|day|minute|second|week|year)\b))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Requested();

    // A unit named in data: a word ("in kilograms", "5820 kg") or a column's suffix ("weight_kg", "duration_min").
    [GeneratedRegex(@"(?<![\p{L}])(?<unit>" + UnitWords + @")(?![\p{L}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Named();

    // A sentence that asks: a question, or an instruction to give the answer.
    [GeneratedRegex(@"^\s*(?:what|how|which|give|report|answer|express|round|provide|return|state|calculate|compute|find|tell|please)\b|\?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Asks();

    [GeneratedRegex(@"(?<=[.?!])\s+|\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    public string Id => DetectorId;

    public int Priority => 54;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (WrongZone(context) is { } zone)
        {
            yield return zone;
            yield break;
        }

        var turns = context.Turns;
        if (turns.Task is not { } task || Asked(task.Text) is not var (asked, askedWritten, askedWord)) yield break;
        var facts = context.Facts;
        if (AnswerTrail.Final(turns, facts) is not { } final) yield break;
        var dimension = DimensionOf(asked);

        // The units of that kind the data are in: named in the task (beside the one asked for) or by what was observed.
        var others = new HashSet<string>(StringComparer.Ordinal);
        AddNamed(task.Text, dimension, asked, others);
        foreach (var t in turns.All)
        {
            if (t.Position >= final.Turn.Position) break;
            if (t.IsObservation) AddNamed(t.Text, dimension, asked, others);
        }

        // An answer states its conclusion last ("63 collections from 7 sites. The total is 48210."): its figures are read
        // from the end. One figure in the unit asked for that is no data figure relabelled is a conversion: the answer
        // is in the unit asked for, whatever else it restates ("about 20.8 hours (1,248 minutes)").
        var stated = facts.FactsOf(final.Value ?? final.Text);
        (Fact Figure, UpstreamFact Source, string Other)? unconverted = null;
        for (var i = stated.Count - 1; i >= 0; i--)
        {
            var f = stated[i];
            if (f.Kind != FactKind.Number || f.Value == 0 || facts.States(task.Text, f) || DaysOfMonth.Is(final.Value ?? final.Text, f)) continue;
            var own = f.Dimension.Length == 0 ? null : Canonical(f.Dimension);
            if (own is not null && DimensionOf(own) != dimension) continue;
            var read = Unconverted(context, final, f, own, asked, dimension, others);
            if (read is { } found) unconverted ??= (f, found.Source, found.Other);
            else if (own == asked) yield break;
        }

        if (unconverted is not var (figure, source, other)) yield break;
        var cited = AdoptedBy(context, source, figure) ?? final.Turn;
        yield return context.CreateFinding(this, cited.Span, "Instruction Non-compliance",
            $"The task asks for the answer in {askedWord} (\"{askedWritten}\"), and {cited.Agent ?? cited.Span.Name} gave {figure.Written}, the figure as the data state it (in {other}), unconverted.",
            [new Evidence(task.Span.SpanId, task.Source, askedWritten), new Evidence(cited.Span.SpanId, cited.Source, ErrorText.LineAround(cited.Text, Math.Max(0, cited.Text.IndexOf(figure.Written, StringComparison.Ordinal))))],
            0.65) with { Basis = AttributionBasis.Inference, Explains = [final.Turn.Span.SpanId] };
    }

    // A clock time asked for in local time: "in local time", "24-hour local time", "Dallas local time".
    [GeneratedRegex(@"\blocal (?:clock )?time\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LocalAsked();

    // A time given in universal time: "18:42 UTC", "an answer in UTC", "Universal Time".
    [GeneratedRegex(@"\b(?:UTC|GMT|UT|Universal Time|Zulu)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Universal();

    [GeneratedRegex(@"\b(?:[01]?[0-9]|2[0-3]):[0-5][0-9]\b", RegexOptions.CultureInvariant)]
    private static partial Regex ClockTime();

    /// <summary>
    /// The task asks for a clock time in local time and the final answer gives one in universal time: its turn says the
    /// answer is in UTC. The unit of a clock time is its zone; cited at the turn that gave it so, Instruction
    /// Non-compliance. A final turn that names UTC only beside a local time it gives (13:42 CDT, 18:42 UTC) is no finding.
    /// </summary>
    private Finding? WrongZone(DetectionContext context)
    {
        var turns = context.Turns;
        if (turns.Task is not { } task || LocalAsked().Match(task.Text) is not { Success: true } local) return null;
        if (AnswerTrail.Final(turns, context.Facts) is not { } final || final.Turn.IsObservation) return null;
        var answer = final.Value ?? final.Text;
        if (ClockTime().Match(answer) is not { Success: true } time) return null;
        var text = final.Turn.Text;
        var universal = Universal().Match(text);
        if (!universal.Success || LocalAsked().IsMatch(text) && !Universal().IsMatch(ErrorText.LineAround(text, Math.Max(0, text.IndexOf(time.Value, StringComparison.Ordinal))))) return null;
        // A local zone named for the answer's time (CDT, CET, local) says the answer is local.
        var at = text.IndexOf(time.Value, StringComparison.Ordinal);
        if (at >= 0 && LocalZone().IsMatch(text.AsSpan(at, Math.Min(text.Length - at, time.Value.Length + 8)))) return null;
        return context.CreateFinding(this, final.Turn.Span, "Instruction Non-compliance",
            $"The task asks for {local.Value} (\"{Requests.Sentence(task.Text, local.Index)}\"), and {final.Turn.Agent ?? final.Turn.Span.Name} gave {time.Value} in universal time.",
            [new Evidence(task.Span.SpanId, task.Source, Requests.Sentence(task.Text, local.Index)), new Evidence(final.Turn.Span.SpanId, final.Turn.Source, ErrorText.LineAround(text, universal.Index))],
            0.65) with { Basis = AttributionBasis.Inference };
    }

    // A zone abbreviation of local time after a clock time: "13:42 CDT", "09:15 CET", "13:42 local".
    [GeneratedRegex(@"^\S+\s*(?:[ECMP][SD]T|C[E]S?T|BST|IST|JST|AEST|AEDT|local)\b", RegexOptions.CultureInvariant)]
    private static partial Regex LocalZone();

    /// <summary>
    /// Where the answer's figure stood unconverted in the data, and the data's unit: a figure first seen upstream in a
    /// unit of the kind asked for other than the one asked for (named beside it, in the task, or in what was observed),
    /// neither written nor computed in the unit asked for on the way. Null when the figure is no such copy.
    /// </summary>
    private static (UpstreamFact Source, string Other)? Unconverted(DetectionContext context, FinalAnswer final, Fact f, string? own, string asked, string dimension, HashSet<string> named)
    {
        var facts = context.Facts;
        // A bare figure that a turn before the answer wrote in the unit asked for was given as a conversion.
        if (own is null && WrittenIn(context, final.Turn, f, asked)) return null;
        if (facts.FirstSeen(f.Key) is not { } source || source.Span == final.Turn.Span) return null;
        if (SourceText(context, source) is not { } sourceText) return null;
        var label = Label(sourceText, source.Fact.Index, source.Fact.Written.Length);
        var others = new HashSet<string>(named, StringComparer.Ordinal);
        if (own is not null && own != asked) others.Add(own);
        var besideIt = new HashSet<string>(StringComparer.Ordinal);
        AddNamed(label, dimension, asked, besideIt);
        others.UnionWith(besideIt);
        if (others.Count == 0 || Converted(facts, label, f, asked, others)) return null;
        // A figure given in the unit asked for is a relabelled data figure only where the data name their unit beside it.
        if (own == asked && besideIt.Count == 0) return null;
        return (source, besideIt.FirstOrDefault() ?? others.First());
    }

    /// <summary>
    /// What the data say beside a figure: its JSON field or table cell back to the previous separator, and a few
    /// characters after it ("\"duration_min\":1245", "weight_kg sum: 48210", "1,150 m").
    /// </summary>
    private static string Label(string text, int index, int length)
    {
        var start = text.LastIndexOfAny([',', '{', '[', '\n', ';', '|'], Math.Max(0, index - 1)) + 1;
        var end = Math.Min(text.Length, index + length + 12);
        var stop = text.IndexOfAny([',', '}', '\n', ';', '|'], Math.Min(text.Length, index + length));
        if (stop >= 0 && stop < end) end = stop;
        return text[Math.Min(start, index)..end];
    }

    // The unit the task's question asks for, with how it writes it; null when no asking sentence names one.
    private static (string Unit, string Written, string Word)? Asked(string text)
    {
        (string, string, string)? found = null;
        foreach (var sentence in SentenceBreak().Split(text))
        {
            if (!Asks().IsMatch(sentence)) continue;
            foreach (Match m in Requested().Matches(sentence))
            {
                var unit = m.Groups["unit"].Value;
                found = (Canonical(unit), m.Value, unit.ToLowerInvariant());
            }
        }

        return found;
    }

    private static void AddNamed(string text, string dimension, string asked, HashSet<string> into)
    {
        foreach (Match m in Named().Matches(text))
        {
            var unit = Canonical(m.Groups["unit"].Value);
            if (unit != asked && DimensionOf(unit) == dimension) into.Add(unit);
        }
    }

    // The text the figure was first seen in (the fact's index is into it): an observed turn's, or a tool's output.
    private static string? SourceText(DetectionContext context, UpstreamFact source)
    {
        foreach (var t in context.Facts.TextsOf(source.Span))
        {
            if (t.Source == source.Source) return t.Text;
        }

        return context.Turns.TurnOf(source.Span) is { } turn && turn.Source == source.Source ? turn.Text : null;
    }

    private static bool WrittenIn(DetectionContext context, AgentTurn final, Fact figure, string asked)
    {
        foreach (var t in context.Turns.All)
        {
            if (t.Position > final.Position) break;
            if (t.IsObservation) continue;
            foreach (var f in context.Facts.FactsOf(t.Text))
            {
                if (f.Kind == FactKind.Number && f.Key == figure.Key && f.Dimension.Length > 0 && Canonical(f.Dimension) == asked) return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the figure is a conversion already: its source names the unit asked for beside it, or upstream states
    /// the same quantity in a data unit (1284.35 given where 1284350 kg was printed).
    /// </summary>
    private static bool Converted(FactIndex facts, string label, Fact figure, string asked, HashSet<string> others)
    {
        foreach (Match m in Named().Matches(label))
        {
            if (Canonical(m.Groups["unit"].Value) == asked) return true;
        }

        foreach (var other in others)
        {
            // The same quantity in the data's unit, to within the figure's rounding (26.1 miles is 42 km).
            var back = figure.Value * Size(asked) / Size(other);
            var slack = Math.Max(figure.Precision, 0.0005m) * Size(asked) / Size(other);
            for (var decimals = 0; decimals <= 4; decimals++)
            {
                var rounded = Math.Round(back, decimals);
                if (rounded != figure.Value && Math.Abs(rounded - back) <= slack && facts.FirstSeen("n:" + Facts.Canonical(rounded)) is not null) return true;
            }
        }

        return false;
    }

    // The first reasoning turn after the figure's source that states it outside code: where it was taken as the answer.
    private static AgentTurn? AdoptedBy(DetectionContext context, UpstreamFact source, Fact figure)
    {
        var turns = context.Turns;
        var from = turns.TurnOf(source.Span)?.Position ?? -1;
        foreach (var t in turns.All)
        {
            if (t.Position <= from || t.IsObservation || ReferenceEquals(t, turns.TaskTurn)) continue;
            if (from < 0 && context.View.Rank(t.Span) < context.View.Rank(source.Span)) continue;
            var at = t.Text.IndexOf(figure.Written, StringComparison.Ordinal);
            if (at < 0 || AnswerTrail.InCode(t.Text, at)) continue;
            return t;
        }

        return null;
    }

    internal static string Canonical(string unit) => unit.ToLowerInvariant() switch
    {
        "tonnes" or "tonne" or "tons" or "ton" or "metric tons" or "metric ton" or "t" => "t",
        "kilograms" or "kilogram" or "kilos" or "kg" => "kg",
        "grams" or "gram" or "g" => "g",
        "pounds" or "lbs" or "lb" => "lb",
        "ounces" or "oz" => "oz",
        "kilometres" or "kilometre" or "kilometers" or "kilometer" or "km" => "km",
        "miles" or "mile" or "mi" => "mi",
        "metres" or "metre" or "meters" or "meter" or "m" => "m",
        "centimetres" or "centimetre" or "centimeters" or "centimeter" or "cm" => "cm",
        "millimetres" or "millimetre" or "millimeters" or "millimeter" or "mm" => "mm",
        "feet" or "foot" or "ft" => "ft",
        "yards" or "yard" or "yd" => "yd",
        "inches" or "in" => "in",
        "hours" or "hour" or "hrs" or "hr" or "h" => "h",
        "minutes" or "minute" or "mins" or "min" => "min",
        "seconds" or "second" or "secs" or "sec" or "s" => "s",
        "days" or "day" or "d" => "d",
        "weeks" or "week" => "wk",
        "litres" or "litre" or "liters" or "liter" or "l" => "l",
        "millilitres" or "millilitre" or "milliliters" or "milliliter" or "ml" => "ml",
        "gallons" or "gallon" or "gal" => "gal",
        var other => other,
    };

    internal static string DimensionOf(string unit) => unit switch
    {
        "t" or "kg" or "g" or "lb" or "oz" => "mass",
        "km" or "mi" or "m" or "cm" or "mm" or "ft" or "yd" or "in" => "length",
        "h" or "min" or "s" or "d" or "wk" => "time",
        "l" or "ml" or "gal" => "volume",
        _ => "",
    };

    // Size of one unit in its dimension's base (kilogram, metre, second, litre).
    internal static decimal Size(string unit) => unit switch
    {
        "t" => 1000m, "kg" => 1m, "g" => 0.001m, "lb" => 0.45359237m, "oz" => 0.028349523125m,
        "km" => 1000m, "m" => 1m, "cm" => 0.01m, "mm" => 0.001m, "mi" => 1609.344m, "ft" => 0.3048m, "yd" => 0.9144m, "in" => 0.0254m,
        "h" => 3600m, "min" => 60m, "s" => 1m, "d" => 86400m, "wk" => 604800m,
        "l" => 1m, "ml" => 0.001m, "gal" => 3.785411784m,
        _ => 1m,
    };
}
