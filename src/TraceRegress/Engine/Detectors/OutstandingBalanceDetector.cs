using System.Globalization;
using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An amount to take from the customer sent as a record's total where the same record gives what is still to pay. A
/// tool's record holds both (<c>"order_total": 54.9</c> beside <c>"balance_due": 0.0</c>: the order was paid), and a
/// model call sends a tool an amount to collect or charge (<c>"collect_on_delivery": 54.9</c>, a parameter named or
/// declared for collecting, charging or an amount due) equal to the total and not the balance: the driver is sent to
/// collect money already paid. Tool Output Misinterpretation at that call, quoting both fields and the argument. A
/// record without a payment taken (total and balance equal), or an amount equal to the balance, is no finding.
/// </summary>
internal sealed class OutstandingBalanceDetector : IDetector
{
    public const string DetectorId = "outstanding-balance";

    // Words that name what is still to pay, and the words that name a whole.
    private static readonly string[] Owed = ["balance", "outstanding", "due", "owing", "owed", "remaining", "unpaid"];

    private static readonly string[] Whole = ["total", "subtotal", "grand", "original", "invoiced"];

    // Words that make a parameter an amount to take from the customer.
    private static readonly string[] Taking = ["collect", "charge", "due", "owed", "owing", "outstanding", "balance", "payable", "cash"];

    public string Id => DetectorId;

    public int Priority => 54;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // The records that give what is still to pay, with the result that gave each: read only once an amount to take
        // is sent, and only from results that name a balance at all.
        List<Record>? records = null;
        var taking = new Dictionary<(string, string), bool>();
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { Json: { ValueKind: JsonValueKind.Object } sent } args || call.RequestedBy is not { } chooser) continue;
            foreach (var p in sent.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var amount) || amount == 0) continue;
                if (!taking.TryGetValue((call.Name, p.Name), out var takes)) taking[(call.Name, p.Name)] = takes = Takes(view, call, p.Name);
                if (!takes) continue;
                records ??= Records(context);
                if (records.Count == 0) yield break;
                var rank = view.Rank(chooser.Span);
                var before = records.Where(r => view.Rank(r.Result.Span) <= rank && !ReferenceEquals(r.Result, call.Result)).ToList();
                var written = JsonProperties.Quote(args.Text, p);
                foreach (var r in before)
                {
                    var at = Array.FindIndex(r.Totals, t => t.Value.GetDecimal() == amount && amount != r.Balance.Value.GetDecimal());
                    if (at < 0) continue;
                    yield return Taken(context, chooser, args, written, r, r.Totals[at], 0.65,
                        (total, balance) => $"The record gives the total ({total}) and what is still to pay ({balance}), and {chooser.Span.Name} sent {call.Name} the total as the amount to take ({written}).");
                    yield break;
                }

                // Several records taken at once: the amount is the sum of their totals, where the sum of what is still to
                // pay on them is another figure. The records are the ones the call names (an invoice id it sends), alike
                // records of one list (the same balance field), each read once however many spans show its result.
                var named = before.Where(r => r.Ids.Any(id => args.Text.Contains(id, StringComparison.Ordinal)))
                    .DistinctBy(r => r.Raw).GroupBy(r => r.Balance.Name).FirstOrDefault(g => g.Count() >= 2)?.ToList();
                if (named is null || named.Sum(r => (r.Totals.Length > 0 ? r.Totals[0] : r.Balance).Value.GetDecimal()) != amount) continue;
                var paid = named.Sum(r => r.Balance.Value.GetDecimal());
                if (paid == amount || named.FirstOrDefault(r => r.Totals.Length > 0 && r.Totals[0].Value.GetDecimal() != r.Balance.Value.GetDecimal()) is not { } part) continue;
                yield return Taken(context, chooser, args, written, part, part.Totals[0], 0.6,
                    (total, balance) => $"{chooser.Span.Name} sent {call.Name} the sum of {named.Count} records' totals as the amount to take ({written}), where what is still to pay on them comes to {paid.ToString(CultureInfo.InvariantCulture)}: one record gives {total} and {balance}.");
                yield break;
            }
        }
    }

    // The finding: the record's total and balance as written, and the argument that took the total.
    private Finding Taken(DetectionContext context, GenAiSpan chooser, SourcedText args, string written, Record record, JsonProperty total, double confidence, Func<string, string, string> summary)
    {
        var quotedTotal = JsonProperties.Quote(record.Result.Text, total);
        var quotedBalance = JsonProperties.Quote(record.Result.Text, record.Balance);
        return context.CreateFinding(this, chooser.Span, "Tool Output Misinterpretation", summary(quotedTotal, quotedBalance),
            [new Evidence(record.Result.Span.SpanId, record.Result.Source, quotedTotal), new Evidence(record.Result.Span.SpanId, record.Result.Source, quotedBalance), new Evidence(args.Span.SpanId, args.Source, written)],
            confidence) with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
    }

    // A record that gives what is still to pay: its balance, the wholes it is part of, and its ids
    // (string values of the record shaped like an id: a letter and a digit, no spaces).
    private sealed record Record(SourcedText Result, string Raw, JsonProperty Balance, JsonProperty[] Totals, string[] Ids);

    // A parameter for an amount to take from the customer: so named, or so declared.
    private static bool Takes(TraceView view, ToolCall call, string parameter)
    {
        if (Names(parameter, Taking) && !Names(parameter, Whole)) return true;
        if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name) is not { } definition) return false;
        return definition.ParameterRules.TryGetValue(parameter, out var rule) && rule.Description is { } d
            && (d.Contains("collect", StringComparison.OrdinalIgnoreCase) || d.Contains("charge", StringComparison.OrdinalIgnoreCase) || d.Contains("amount due", StringComparison.OrdinalIgnoreCase));
    }

    private static List<Record> Records(DetectionContext context)
    {
        var found = new List<Record>();
        foreach (var call in context.CallsInOrder)
        {
            foreach (var result in call.Results)
            {
                if (!NamesOwed(result.Text) || result.Json is not { } root) continue;
                foreach (var record in JsonProperties.Objects(root))
                {
                    JsonProperty? balance = null;
                    var totals = new List<JsonProperty>();
                    var ids = new List<string>();
                    foreach (var p in record.EnumerateObject())
                    {
                        if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: >= 3 and <= 40 } id && !id.Contains(' ', StringComparison.Ordinal)
                            && id.Any(char.IsLetter) && id.Any(char.IsDigit))
                        {
                            ids.Add(id);
                        }

                        if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out _)) continue;
                        if (Names(p.Name, Owed)) balance ??= p;
                        else if (Names(p.Name, Whole)) totals.Add(p);
                    }

                    if (balance is { } b) found.Add(new Record(result, record.GetRawText(), b, [.. totals], [.. ids]));
                }
            }
        }

        return found;
    }

    private static bool NamesOwed(string text)
    {
        foreach (var word in Owed)
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    // Whether a name holds one of the words (balance_due, amountDue, OutstandingBalance).
    private static bool Names(string name, string[] words)
    {
        foreach (System.Text.RegularExpressions.Match m in NameWords.Word().Matches(name))
        {
            if (Array.IndexOf(words, m.Value.ToLower(CultureInfo.InvariantCulture)) >= 0) return true;
        }

        return false;
    }
}
