using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's record gives the same kind of value for two parties, in two sibling fields named alike but for the party
/// (<c>"lender_due_date": "2025-03-28"</c> and <c>"patron_due_date": "2025-03-21"</c>; <c>supplier_price</c> and
/// <c>customer_price</c>), and a later step tells the user the other party's value and never the user's own ("needs to
/// be back by Friday 28 March"). Both figures are grounded; the field was misread: Tool Output Misinterpretation at the
/// first step that stated it, quoting both fields and the statement. The user's side is named by the words a record uses
/// for the person served (patron, member, customer, guest, tenant ...); the other side by the words for whoever serves
/// or supplies (lender, supplier, vendor, carrier, landlord ...). A step that also gives the user's value, or a run
/// whose user does not speak for themselves (no "I", "my" or "me"), is not read this way.
/// </summary>
internal sealed partial class OtherPartyValueDetector : IDetector
{
    public const string DetectorId = "other-party-value";

    // The words a record names the person served by.
    private static readonly HashSet<string> UserSide = new(StringComparer.OrdinalIgnoreCase)
    {
        "patron", "member", "customer", "client", "guest", "borrower", "passenger", "tenant", "patient", "buyer", "subscriber",
        "cardholder", "policyholder", "consumer", "traveller", "traveler", "applicant", "resident", "user",
    };

    // The words a record names whoever serves, lends or supplies by.
    private static readonly HashSet<string> OtherSide = new(StringComparer.OrdinalIgnoreCase)
    {
        "lender", "lending", "supplier", "vendor", "provider", "merchant", "seller", "carrier", "landlord", "partner", "insurer",
        "host", "operator", "agency", "dealer", "wholesale", "broker", "owner", "issuer",
    };

    [GeneratedRegex(@"\b(?:I|my|me|I'm|I've|I'd)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FirstPerson();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    public string Id => DetectorId;

    public int Priority => 54;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        var view = context.View;
        if (turns.Task is not { } task || !FirstPerson().IsMatch(task.Text)) yield break;
        foreach (var call in view.ToolCalls.Calls)
        {
            foreach (var result in call.Results)
            {
                if (result.Json is not { } root || !MayNameParties(result.Text)) continue;
                var pairs = new List<Pair>();
                Collect(result.Text, root, pairs);
                if (pairs.Count == 0) continue;
                var rank = view.Rank(result.Span);
                foreach (var turn in turns.All)
                {
                    if (turn.IsObservation || turn.IsExecutionOutput || ReferenceEquals(turn, turns.TaskTurn)) continue;
                    if (view.Rank(turn.Span) < rank || turn.Text.Length == 0) continue;
                    foreach (var pair in pairs)
                    {
                        if (Stated(context, turn.Text, pair.Other) is not { } said) continue;
                        // The user's own value given too is a choice made knowingly, unless it stands for something else
                        // and the sentence that gives the other value does not say whose it is.
                        var sentence = Requests.Sentence(turn.Text, said.Index);
                        if (Stated(context, turn.Text, pair.Own) is not null
                            && (Stated(context, sentence, pair.Own) is not null || sentence.Contains(pair.Other.Party, StringComparison.OrdinalIgnoreCase))) continue;
                        var tool = call.Name.Length > 0 ? $"{call.Name}" : "A tool";
                        yield return context.CreateFinding(this, turn.Span, "Tool Output Misinterpretation",
                            $"{tool} gave one value for each party ({pair.Other.Quote}; {pair.Own.Quote}), and {turn.Agent ?? turn.Span.Name} gave the user the {pair.Other.Party}'s (\"{said.Quote}\") as their own.",
                            [new Evidence(result.Span.SpanId, result.Source, pair.Other.Quote), new Evidence(result.Span.SpanId, result.Source, pair.Own.Quote), new Evidence(turn.Span.SpanId, turn.Source, said.Quote)],
                            0.65) with { Basis = AttributionBasis.Inference };
                        yield break;
                    }
                }
            }
        }
    }

    private sealed record Field(string Party, string Value, string Quote, bool IsDate);

    private sealed record Pair(Field Own, Field Other);

    private static bool MayNameParties(string text)
    {
        foreach (var w in OtherSide)
        {
            if (text.Contains(w, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    // The pairs of sibling fields named alike but for the party, in every object of the record.
    private static void Collect(string raw, JsonElement root, List<Pair> into)
    {
        foreach (var element in JsonProperties.Objects(root))
        {
            if (into.Count >= 16) return;
            var own = new List<(string[] Words, int At, Field Field)>();
            var other = new List<(string[] Words, int At, Field Field)>();
            foreach (var p in element.EnumerateObject())
            {
                if (Scalar(p.Value) is not { } value) continue;
                var words = Regex.Split(p.Name, @"[_.\-\s]|(?<=[a-z])(?=[A-Z])").Where(w => w.Length > 0).Select(w => w.ToLowerInvariant()).ToArray();
                if (words.Length < 2) continue;
                for (var i = 0; i < words.Length; i++)
                {
                    var side = UserSide.Contains(words[i]) ? own : OtherSide.Contains(words[i]) ? other : null;
                    if (side is null) continue;
                    side.Add((words, i, new Field(words[i], value.Text, JsonProperties.Quote(raw, p), value.IsDate)));
                    break;
                }
            }

            foreach (var o in own)
            {
                foreach (var x in other)
                {
                    if (o.At != x.At || o.Words.Length != x.Words.Length || o.Field.IsDate != x.Field.IsDate || o.Field.Value == x.Field.Value) continue;
                    var alike = true;
                    for (var i = 0; i < o.Words.Length && alike; i++) alike = i == o.At || o.Words[i] == x.Words[i];
                    if (alike) into.Add(new Pair(o.Field, x.Field));
                }
            }
        }
    }

    // A field's value when it is a date (ISO) or a number other than zero; null otherwise.
    private static (string Text, bool IsDate)? Scalar(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: >= 10 and <= 35 } s && IsoDate().IsMatch(s)) return (s[..10], true);
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d != 0) return (d.ToString(CultureInfo.InvariantCulture), false);
        return null;
    }

    // Where the text states the field's value, as written: a date written any way with its day and month, or the number;
    // null when it does not.
    private static (string Quote, int Index)? Stated(DetectionContext context, string text, Field field)
    {
        if (field.IsDate)
        {
            var iso = text.IndexOf(field.Value, StringComparison.Ordinal);
            if (iso >= 0) return (field.Value, iso);
            var month = int.Parse(field.Value.AsSpan(5, 2), CultureInfo.InvariantCulture);
            var day = int.Parse(field.Value.AsSpan(8, 2), CultureInfo.InvariantCulture);
            var name = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)[..3];
            var m = Regex.Match(text, $@"\b0?{day}(?:st|nd|rd|th)? (?:of )?{name}[a-z]*\b|\b{name}[a-z]*\.? 0?{day}(?:st|nd|rd|th)?\b", RegexOptions.CultureInvariant);
            return m.Success ? (m.Value, m.Index) : null;
        }

        var value = decimal.Parse(field.Value, CultureInfo.InvariantCulture);
        foreach (var f in context.Facts.FactsOf(text))
        {
            if (f.Kind == FactKind.Number && f.Value == value && !AnswerTrail.InCode(text, f.Index)) return (f.Written, f.Index);
        }

        return null;
    }
}
