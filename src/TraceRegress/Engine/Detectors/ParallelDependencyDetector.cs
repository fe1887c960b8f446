using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.Formats;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Two tool calls issued in one turn where the second needed what the first returns: calls of one turn run side by side,
/// so the second cannot have seen the first's result. Read these ways:
/// <list type="bullet">
/// <item>the second call's arguments give a field the first call's result returns, with another value (an invoice sent
/// <c>"delivery_fee": 0.0</c> beside the quote that returned <c>"delivery_fee": 95.0</c>);</item>
/// <item>the first tool's description says its work must finish before a kind of work the second tool does ("poll ...
/// until status is ACCEPTED before the read can be billed", beside <c>rebill_account</c>);</item>
/// <item>the first is a check (<c>check_stock</c>, <c>verify_eligibility</c>) that said no for something the second, an
/// action, went on with (<c>"available": 0</c> for a SKU a delivery was booked and paid for beside it);</item>
/// <item>the second call's arguments hold a placeholder (<c>"TO-PENDING"</c>) where the first returns the reference of that
/// form (<c>"TO-58812"</c>).</item>
/// </list>
/// Task Orchestration, cited at the model call that issued both, quoting the two calls.
/// </summary>
internal sealed partial class ParallelDependencyDetector : IDetector
{
    public const string DetectorId = "parallel-dependency";

    // What a description says must come first: "before the read can be billed", "before invoicing".
    [GeneratedRegex(@"\b(?:before|prior to)\s+(?:it\s+|the\s+\w+\s+|any\s+\w+\s+)?(?:can|may|is|are|will)?\s*(?:be\s+)?(?<work>[a-z]{4,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MustPrecede();

    // A reference written to stand for one not yet known: "TO-PENDING", "PO-TBD", "REF-XXXX".
    [GeneratedRegex(@"^(?<prefix>[A-Za-z]{1,6}[-_])(?:PENDING|TBD|TBC|TEMP|PLACEHOLDER|UNKNOWN|X{3,}|0{3,}|\?+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    // A value written for one not yet known: "pending", "TBD", "to follow", "awaiting".
    [GeneratedRegex(@"^\s*(?:pending|tbd|tbc|to follow|to be confirmed|unknown|awaiting|placeholder)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotYetKnown();

    // A reference: letters and digits joined, with a digit ("DQ-5512", "val_88213").
    [GeneratedRegex(@"^(?=[^ ]*\d)(?=[^ ]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_\-]{3,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // The calls of each turn that issued more than one, in the order of the turns.
        // Most turns issue one call: find the turns with more before gathering their calls.
        var all = view.ToolCalls.Calls;
        var seen = new HashSet<GenAiSpan>();
        var several = new HashSet<GenAiSpan>();
        foreach (var call in all)
        {
            if (call.RequestedBy is { IsModelCall: true } chooser && call.RequestPart is not null && !seen.Add(chooser)) several.Add(chooser);
        }

        if (several.Count == 0) yield break;
        var byTurn = new Dictionary<GenAiSpan, List<ToolCall>>();
        foreach (var call in all)
        {
            if (call.RequestedBy is not { } chooser || !several.Contains(chooser) || call.RequestPart is null) continue;
            if (!byTurn.TryGetValue(chooser, out var list)) byTurn[chooser] = list = [];
            list.Add(call);
        }

        foreach (var (chooser, calls) in byTurn.Where(t => t.Value.Count > 1).OrderBy(t => view.Rank(t.Key.Span)))
        {
            calls.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
            var parsed = new Parsed(calls);
            for (var i = 0; i < calls.Count; i++)
            {
                var first = calls[i];
                for (var j = 0; j < calls.Count; j++)
                {
                    var second = calls[j];
                    if (i == j || first.Name == second.Name || second.Arguments is not { } args) continue;
                    if (Dependency(view, parsed, i, j) is not { } why) continue;
                    var evidence = new List<Evidence> { new(args.Span.SpanId, args.Source, why.Quote) };
                    if (why.Other is { } other) evidence.Add(other);
                    yield return context.CreateFinding(this, chooser.Span, "Task Orchestration",
                        $"{chooser.Span.Name} called {first.Name} and {second.Name} in the same turn, but {second.Name} needed what {first.Name} returns: {why.Reason}.",
                        evidence, 0.65) with { Basis = AttributionBasis.Inference, Explains = new[] { second.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                    yield break;
                }
            }
        }
    }

    private sealed record Why(string Reason, string Quote, Evidence? Other);

    /// <summary>The JSON objects of a turn's calls, each parsed once when first needed: results, arguments.</summary>
    private sealed class Parsed(List<ToolCall> calls)
    {
        public List<ToolCall> Calls { get; } = calls;

        private readonly (SourcedText? Text, JsonElement Root)?[] _results = new (SourcedText?, JsonElement)?[calls.Count];
        private readonly JsonElement?[] _arguments = new JsonElement?[calls.Count];

        /// <summary>
        /// The call's result as a JSON object, and the text it was read from: the first of the call's results that is one
        /// and does not only wrap the tool's output (OpenLLMetry's <c>{"output": "{...}", "kwargs": {...}}</c>, or a serialized
        /// LangChain ToolMessage under <c>output</c>).
        /// </summary>
        public JsonElement Result(int i) => (_results[i] ??= ReadResult(Calls[i])).Root;

        public SourcedText? ResultText(int i) => (_results[i] ??= ReadResult(Calls[i])).Text;

        private static (SourcedText?, JsonElement) ReadResult(ToolCall call)
        {
            var results = call.Results;
            for (var k = 0; k < results.Count; k++)
            {
                var root = Object(results[k].Text);
                if (root.ValueKind != JsonValueKind.Object) continue;
                if (root.TryGetProperty("output", out var output) && output.ValueKind is JsonValueKind.String or JsonValueKind.Object && root.EnumerateObject().All(p => p.Name is "output" or "kwargs")) continue;
                return (results[k], root);
            }

            return (call.Result, call.Result is { } r ? Object(r.Text) : default);
        }

        public JsonElement Arguments(int i) => _arguments[i] ??= Calls[i].Arguments is { } a ? Object(a.Text) : default;

        private static JsonElement Object(string text) =>
            text.IndexOf('{') >= 0 && JsonContent.TryParseStructured(text, out var root) && root.ValueKind == JsonValueKind.Object ? root : default;
    }

    private static Why? Dependency(TraceView view, Parsed parsed, int i, int j)
    {
        var first = parsed.Calls[i];
        var second = parsed.Calls[j];
        // A field the first returns, given to the second with another value.
        if (parsed.ResultText(i) is { } result && parsed.Result(i) is { ValueKind: JsonValueKind.Object } returned
            && parsed.Arguments(j) is { ValueKind: JsonValueKind.Object } given)
        {
            var asked = parsed.Arguments(i);
            foreach (var field in given.EnumerateObject())
            {
                // A figure or a reference the first call makes (a fee, a quote's id); a name or a status describes, and
                // two calls may each give their own.
                if (!(field.Value.ValueKind == JsonValueKind.Number || (field.Value.ValueKind == JsonValueKind.String && Reference().IsMatch(field.Value.GetString()!)))) continue;
                if (!returned.TryGetProperty(field.Name, out var value)) continue;
                if (value.ValueKind != field.Value.ValueKind || value.GetRawText() == field.Value.GetRawText()) continue;
                // A field the first call was itself given is an input both share, not its result.
                if (asked.ValueKind == JsonValueKind.Object && asked.TryGetProperty(field.Name, out _)) continue;
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var r) && field.Value.TryGetDecimal(out var g) && r == g) continue;
                var quote = JsonProperties.Quote(second.Arguments!.Text, field);
                var returnedQuote = $"\"{field.Name}\":{value.GetRawText()}";
                var other = result.Text.Contains(returnedQuote, StringComparison.Ordinal) ? new Evidence(result.Span.SpanId, result.Source, returnedQuote) : null;
                return new Why($"it was sent {quote} while {first.Name} returned {value.GetRawText()}", quote, other);
            }
        }

        // A placeholder where the first call's reference was to go ("transfer_order_ref": "TO-PENDING" beside the call that
        // returned "TO-58812"): the second was written before the first had answered.
        if (first.Result is { } made && parsed.Arguments(j) is { ValueKind: JsonValueKind.Object } sent)
        {
            foreach (var field in sent.EnumerateObject())
            {
                if (field.Value.ValueKind != JsonValueKind.String || Placeholder().Match(field.Value.GetString()!) is not { Success: true } held) continue;
                var prefix = held.Groups["prefix"].Value;
                if (prefix.Length == 0) continue;
                var real = new Regex(@"(?<![A-Za-z0-9])" + Regex.Escape(prefix) + @"\d[A-Za-z0-9-]*", RegexOptions.CultureInvariant).Match(made.Text);
                if (!real.Success) continue;
                var quote = JsonProperties.Quote(second.Arguments!.Text, field);
                return new Why($"it was sent {quote}, a placeholder for the reference {first.Name} returns ({real.Value})", quote, new Evidence(made.Span.SpanId, made.Source, real.Value));
            }
        }

        // A word that stands for a value not yet known, given for the very field the first call returns ("licence_ref":
        // "pending" beside the call that returned "licence_ref": "BCC-PL-25-03318").
        if (parsed.ResultText(i) is { } returnedText && parsed.Result(i) is { ValueKind: JsonValueKind.Object } answered && parsed.Arguments(j) is { ValueKind: JsonValueKind.Object } waiting)
        {
            foreach (var field in waiting.EnumerateObject())
            {
                if (field.Value.ValueKind != JsonValueKind.String || !NotYetKnown().IsMatch(field.Value.GetString()!)) continue;
                var returns = answered.EnumerateObject().FirstOrDefault(p => p.NameEquals(field.Name));
                var value = returns.Value;
                if (value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0 || NotYetKnown().IsMatch(value.GetString()!)) continue;
                var quote = JsonProperties.Quote(second.Arguments!.Text, field);
                var returnedQuote = JsonProperties.Quote(returnedText.Text, returns);
                var other = returnedText.Text.Contains(returnedQuote, StringComparison.Ordinal) ? new Evidence(returnedText.Span.SpanId, returnedText.Source, returnedQuote) : null;
                return new Why($"it was sent {quote}, a stand-in for the {field.Name} {first.Name} returns ({value.GetString()})", quote, other);
            }
        }

        // The first was asked for one value and returned another for it ("slot": "2025-11-04T10:00" sent, "allocated_slot":
        // "2025-11-04T14:00" back), and the second states the one asked for (an email promising "10:00am"): it took the
        // request for the outcome.
        if (parsed.ResultText(i) is { } outcome && parsed.Result(i) is { ValueKind: JsonValueKind.Object } got && parsed.Arguments(i) is { ValueKind: JsonValueKind.Object } requested)
        {
            foreach (var p in requested.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: >= 4 } asked) continue;
                var key = JsonProperties.Key(p.Name);
                if (key.Length < 3) continue;
                foreach (var q in got.EnumerateObject())
                {
                    if (q.NameEquals(p.Name) || q.Value.ValueKind != JsonValueKind.String || q.Value.GetString() is not { Length: >= 4 } back || back == asked) continue;
                    var returnedKey = JsonProperties.Key(q.Name);
                    if (!returnedKey.EndsWith(key, StringComparison.Ordinal) || returnedKey.StartsWith("request", StringComparison.Ordinal)) continue;
                    var (askedForm, givenForm) = (Form(asked), Form(back));
                    if (askedForm == givenForm || askedForm.Length < 3) continue;
                    var text = second.Arguments!.Text;
                    if (!States(text, askedForm) || States(text, givenForm)) continue;
                    var returnedQuote = JsonProperties.Quote(outcome.Text, q);
                    var other = outcome.Text.Contains(returnedQuote, StringComparison.Ordinal) ? new Evidence(outcome.Span.SpanId, outcome.Source, returnedQuote) : null;
                    return new Why($"it states {askedForm}, the {p.Name} {first.Name} was asked for, while {first.Name} returned {returnedQuote}", Quote.Cut(text), other);
                }
            }
        }

        // The instructions put the first tool before the second ("confirm the vehicle is free with
        // check_vehicle_availability, then create the booking with create_booking").
        if (first.RequestedBy is { } chooser && Ordered(chooser, first.Name, second.Name) is { } rule)
        {
            return new Why($"the instructions say \"{rule.Quote}\"", Quote.Cut(second.Arguments!.Text), rule);
        }

        // A check issued beside the action it was to gate: the check said no for something the action went on with.
        if (Checks(first.Name) && !ToolNames.Reads(second.Name) && ToolNames.Verb(second.Name) is { } verb && Requests.Acting.Contains(verb)
            && parsed.ResultText(i) is { } checkedResult && parsed.Result(i) is { ValueKind: JsonValueKind.Object } answer && Refused(answer) is var (subject, refusal)
            && (second.Arguments!.Text.Contains(subject, StringComparison.Ordinal) || second.Result?.Text.Contains(subject, StringComparison.Ordinal) == true))
        {
            var quote = JsonProperties.Quote(checkedResult.Text, refusal);
            var said = checkedResult.Text.Contains(quote, StringComparison.Ordinal) ? new Evidence(checkedResult.Span.SpanId, checkedResult.Source, quote) : null;
            return new Why($"{first.Name} was to tell whether it could go ahead, and returned {quote} for {subject}, which {second.Name} went on with", Quote.Cut(second.Arguments!.Text), said);
        }

        // The first tool's description: its work must finish before the second's kind of work.
        var description = Description(view, first);
        if (description is null) return null;
        foreach (Match m in MustPrecede().Matches(description))
        {
            var work = Stem(m.Groups["work"].Value);
            if (work.Length < 4 || first.Name.Contains(work, StringComparison.OrdinalIgnoreCase) || !second.Name.Contains(work, StringComparison.OrdinalIgnoreCase)) continue;
            var sentence = Requests.Sentence(description, m.Index);
            return new Why($"{first.Name} says \"{sentence}\"", Quote.Cut(second.Arguments!.Text), null);
        }

        return null;
    }

    // The text states the value: a clock time with no digit beside it ("10:00am"), anything else as a whole word.
    private static bool States(string text, string form) => MomentClock().IsMatch("2000-01-01T" + form)
        ? Regex.IsMatch(text, @"(?<![\d:])" + Regex.Escape(form) + @"(?![\d:])", RegexOptions.CultureInvariant)
        : WholeWords.Find(text, form) >= 0;

    // A value as prose restates it: the clock time of a moment ("10:00" of "2025-11-04T10:00:00+00:00"), else the value.
    private static string Form(string value) => MomentClock().Match(value) is { Success: true } m ? m.Groups["clock"].Value : value;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ](?<clock>\d{2}:\d{2})", RegexOptions.CultureInvariant)]
    private static partial Regex MomentClock();

    // What puts one step before the next: "then", "before", "only after", "once ... has".
    [GeneratedRegex(@"\b(?:then|before|afterwards|after that|next|only once|only after)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Then();

    /// <summary>
    /// The words of the system or developer instructions that name <paramref name="first"/> and then, within a few lines
    /// and after a word of order ("then", "before"), <paramref name="second"/>; null when they put no such order.
    /// </summary>
    private static Evidence? Ordered(GenAiSpan chooser, string first, string second)
    {
        foreach (var message in chooser.InputMessages)
        {
            if (message.Role is not ("system" or "developer")) continue;
            foreach (var part in message.Parts)
            {
                if (part.Kind != PartKind.Text || part.Content is not { } text) continue;
                for (var a = text.IndexOf(first, StringComparison.Ordinal); a >= 0; a = text.IndexOf(first, a + first.Length, StringComparison.Ordinal))
                {
                    var b = text.IndexOf(second, a + first.Length, StringComparison.Ordinal);
                    if (b < 0) break;
                    // One sentence puts the order: a rule that ends before the second name is about something else
                    // ("get_client_profile before booking any colour service.\n- Only offer times returned by find_slots").
                    var between = text.AsSpan(a + first.Length, b - a - first.Length);
                    if (b - a > 250 || between.IndexOfAny('\n', ';') >= 0 || between.Contains(". ", StringComparison.Ordinal) || !Then().IsMatch(between)) continue;
                    return new Evidence(chooser.Span.SpanId, part.Source, text[a..(b + second.Length)]);
                }
            }
        }

        return null;
    }

    // A tool named for checking whether something can go ahead (check_stock, verify_eligibility, validate_address).
    private static bool Checks(string name) => ToolNames.Verb(name) is "check" or "verify" or "validate";

    // Fields that say whether something is there or allowed.
    private static readonly HashSet<string> Availability = new(StringComparer.Ordinal)
    {
        "available", "availability", "instock", "stock", "inventory", "onhand", "quantityavailable", "availablequantity", "remaining", "spaces", "seats",
        "capacity", "eligible", "valid", "approved", "allowed", "bookable", "deliverable", "ok", "canproceed", "isavailable", "iseligible", "isvalid",
    };

    /// <summary>
    /// Where a check's result says no: an object whose availability field is false or zero (or below what it was asked for,
    /// <c>"requested": 2, "available": 0</c>), with the reference that names the thing (a SKU, an id); null when it says no
    /// such thing.
    /// </summary>
    private static (string Subject, JsonProperty Field)? Refused(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (Refused(item) is { } found) return found;
            }

            return null;
        }

        if (element.ValueKind != JsonValueKind.Object) return null;
        string? subject = null;
        JsonProperty? no = null;
        foreach (var p in element.EnumerateObject())
        {
            // The thing is named by a reference ("SB-F3-GAL100") or by the value of its id field ("store_id": "LDS-KIRKSTALL").
            if (subject is null && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: >= 3 } named
                && (Reference().IsMatch(named) || (NamedRecordDetector.IdName(p.Name) && !named.Contains(' ', StringComparison.Ordinal)))) subject = named;
            if (no is null && Availability.Contains(JsonProperties.Key(p.Name))
                && (p.Value.ValueKind == JsonValueKind.False || (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var n) && n <= 0)))
            {
                no = p;
            }
        }

        if (no is { } field && subject is not null) return (subject, field);
        foreach (var p in element.EnumerateObject())
        {
            if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && Refused(p.Value) is { } found) return found;
        }

        return null;
    }

    private static string? Description(TraceView view, ToolCall call)
    {
        if (ToolDeclarations.DeclaringSpan(view, call) is { } declaring && ToolDeclarations.Definition(declaring, call.Name)?.Description is { Length: > 0 } declared) return declared;
        return call.Execution?.Span.Attributes.GetString(GenAiSemconv.ToolDescription);
    }

    // Billed, billing, bills: the work's stem.
    private static string Stem(string word)
    {
        var lower = word.ToLowerInvariant();
        foreach (var suffix in (ReadOnlySpan<string>)["ing", "ed", "es", "s"])
        {
            if (lower.Length > suffix.Length + 3 && lower.EndsWith(suffix, StringComparison.Ordinal)) return lower[..^suffix.Length];
        }

        return lower;
    }
}
