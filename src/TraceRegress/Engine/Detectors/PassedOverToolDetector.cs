using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user asks for an action ("can we move it to Saturday morning instead?"), a tool offered to the model is declared
/// for exactly that (<c>transfer_booking</c>: "Move an existing booking to a different slot ... The original payment carries
/// over"), and the model never calls it: it acts on the same thing with other tools instead (<c>cancel_booking</c>, then
/// <c>create_booking</c>), which do something else on the way (the fee forfeited, a second one charged). Tool Selection
/// Errors at the first such call, quoting the request, the declaration passed over and the call made. A run that calls the
/// declared tool, or acts on another thing, is no finding; nor is a call whose own action the user asked for too ("book
/// Biscuit in ... and move Miso's check": the booking answers the first request).
/// </summary>
internal sealed partial class PassedOverToolDetector : IDetector
{
    public const string DetectorId = "passed-over-tool";

    // Verbs too general to say which tool a request is for.
    private static readonly HashSet<string> Vague = new(StringComparer.Ordinal)
    {
        "make", "do", "put", "sort", "handle", "take", "start", "stop", "run", "go", "get", "arrange", "organise", "organize", "ask", "tell", "set", "log", "record", "save", "file", "open",
    };

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context) => Verbs(context).Concat(Frequency(context)).Concat(NamedRecord(context)).Concat(Source(context)).Take(1);

    // What the user wants it paid or drawn from: "from my allocation", "out of my points", "using my voucher".
    [GeneratedRegex(@"\b(?:from|out of|using|with|against|on) (?:my|our|the member's|his|her|their) (?:(?:free|annual|seasonal|remaining|monthly|yearly|loyalty|reward|member(?:ship)?|gift|store) )*(?<source>allocation|allowance|entitlement|points|credit|credits|voucher|balance|quota|membership|subscription|plan|pass|budget)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DrawnFrom();

    /// <summary>
    /// The user says what the thing is to come out of ("Could I have a packet each ... from my allocation this year?"), a
    /// tool offered for acting on that (<c>reserve_library_allocation</c>: "Reserve packets from a member's free seasonal
    /// allocation") is never called, and the model calls another acting tool whose name and declaration say nothing of it
    /// (<c>place_seed_order</c>: "Create a paid order in the public seed shop"). Tool Selection Errors at the call, quoting the
    /// request, the declaration passed over and the call.
    /// </summary>
    private IEnumerable<Finding> Source(DetectionContext context)
    {
        if (context.Turns.Task is not { } task || DrawnFrom().Match(task.Text) is not { Success: true } from) yield break;
        var source = from.Groups["source"].Value.ToLowerInvariant();
        var called = new HashSet<string>(context.View.ToolCalls.Calls.Select(c => c.Name), StringComparer.Ordinal);
        bool Names(string? text) => text is not null && (WholeWords.Find(text.ToLowerInvariant().Replace('_', ' '), source) >= 0 || WholeWords.Find(text.ToLowerInvariant().Replace('_', ' '), source.TrimEnd('s')) >= 0);
        foreach (var call in context.CallsInOrder)
        {
            if (call.Name.Length == 0 || ToolNames.Reads(call.Name) || ToolNames.Verb(call.Name) is not { } made || !Requests.Acting.Contains(made)) continue;
            if (call.RequestedBy is not { ToolDefinitionsKnown: true } chooser || ToolDeclarations.Definition(chooser, call.Name) is not { } own) continue;
            if (Names(call.Name) || Names(own.Description)) continue;
            var other = chooser.ToolDefinitions.FirstOrDefault(d => d.Name != call.Name && !called.Contains(d.Name) && !ToolNames.Reads(d.Name)
                && ToolNames.Verb(d.Name) is { } v && Requests.Acting.Contains(v) && (Names(d.Name) || Names(d.Description)));
            if (other is null) continue;
            yield return PassedOver(context, task, Requests.Sentence(task.Text, from.Index).Trim(), $"for it {from.Value}", chooser, other, call);
            yield break;
        }
    }

    // A record the user names by its kind and its reference: "quote Q-5521", "order #48213", "invoice INV-2041".
    [GeneratedRegex(@"\b(?<kind>[a-z]{4,})\s+(?:(?:no\.?|number|ref(?:erence)?)\s*)?(?<id>[A-Z]{1,5}-[A-Z0-9]*\d[A-Z0-9-]*|#\d{4,})\b", RegexOptions.CultureInvariant)]
    private static partial Regex NamedReference();

    // How often the user wants the thing done, and how often a tool's declaration says it does it.
    [GeneratedRegex(@"\b(?:one-off|one off|one-time|one time|just (?:this )?once|a single (?:visit|job|time|occasion|date|day|week)|(?:for )?(?:this|next) (?:week|time|month|date) only|(?:only|just) (?:for )?(?:this|next) (?:week|time|month|once))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Once();

    [GeneratedRegex(@"\b(?:every (?:week|month|fortnight|visit)|each (?:week|month|visit)|weekly|fortnightly|monthly|on a regular basis|ongoing|from now on)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Repeatedly();

    [GeneratedRegex(@"(?<!non-|non )\brecurring\b|\b(?:every|each) (?:scheduled |regular |plan )?(?:visit|delivery|collection|service|week|month)\b|\bregular plan\b|\bsubscription\b|\bfor the rest of the (?:season|year|term|contract)\b|\bpermanently\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredRecurring();

    [GeneratedRegex(@"\b(?:non-recurring|non recurring|one-off|one-time|single|charged once|once only)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredOnce();

    /// <summary>
    /// The user says how often ("Just a one-off", "every week from now on"), the model calls a tool whose declaration does it
    /// the other way ("Adds a recurring add-on ... carried out and charged at every scheduled visit"), and another declared
    /// tool, never called, does it the way asked ("Books a single, non-recurring job"). Tool Selection Errors at the call,
    /// quoting the user, the declaration passed over and the call.
    /// </summary>
    private IEnumerable<Finding> Frequency(DetectionContext context)
    {
        if (context.Turns.Task is not { } task) yield break;
        var once = Once().Match(task.Text);
        var repeated = once.Success ? Match.Empty : Repeatedly().Match(task.Text);
        var said = once.Success ? once : repeated;
        if (!said.Success) yield break;
        var called = new HashSet<string>(context.View.ToolCalls.Calls.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var call in context.CallsInOrder)
        {
            if (call.Name.Length == 0 || ToolNames.Reads(call.Name) || ToolNames.Verb(call.Name) is not { } made || !Requests.Acting.Contains(made)) continue;
            if (call.RequestedBy is not { ToolDefinitionsKnown: true } chooser || ToolDeclarations.Definition(chooser, call.Name)?.Description is not { Length: > 0 } description) continue;
            bool Recurring(string d) => DeclaredRecurring().IsMatch(d) && !DeclaredOnce().IsMatch(d);
            bool Single(string d) => DeclaredOnce().IsMatch(d) && !DeclaredRecurring().IsMatch(d.Replace("non-recurring", "", StringComparison.OrdinalIgnoreCase).Replace("non recurring", "", StringComparison.OrdinalIgnoreCase));
            if (once.Success ? !Recurring(description) : !Single(description)) continue;
            // The other tool need not be named for an acting verb ("report_absence" records one): its declaration says how often.
            var other = chooser.ToolDefinitions.FirstOrDefault(d => d.Name != call.Name && !called.Contains(d.Name) && !ToolNames.Reads(d.Name)
                && d.Description is { Length: > 0 } dd && (once.Success ? Single(dd) : Recurring(dd)));
            if (other is null) continue;
            var request = Requests.Sentence(task.Text, said.Index).Trim();
            var evidence = new List<Evidence>
            {
                new(task.Span.SpanId, task.Source, request),
                new(chooser.Span.SpanId, ToolDeclarations.OfferedAt(chooser, other.Name), Quote.Cut(other.Description!)),
                new(chooser.Span.SpanId, ToolDeclarations.OfferedAt(chooser, call.Name), Quote.Cut(description)),
            };
            if (call.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
            yield return context.CreateFinding(this, chooser.Span, "Tool Selection Errors",
                $"The user asked for it {(once.Success ? "once" : "to repeat")} (\"{said.Value}\"), {other.Name} is declared for that, and {chooser.Span.Name} called {call.Name}, declared {(once.Success ? "to go on beyond once" : "for one time")}, and never {other.Name}.",
                evidence, 0.6) with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
            yield break;
        }
    }

    // The finding for a declared tool passed over: the request, the declaration passed over and the call made instead.
    private Finding PassedOver(DetectionContext context, SourcedText task, string request, string asked, GenAiSpan chooser, ToolDefinition declared, ToolCall call)
    {
        var evidence = new List<Evidence>
        {
            new(task.Span.SpanId, task.Source, request),
            new(chooser.Span.SpanId, ToolDeclarations.OfferedAt(chooser, declared.Name), declared.Description is { Length: > 0 } text ? Quote.Cut(text) : declared.Name),
        };
        if (call.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
        return context.CreateFinding(this, chooser.Span, "Tool Selection Errors",
            $"The user asked {asked} (\"{request}\"), {declared.Name} is declared for that, and {chooser.Span.Name} called {call.Name} instead and never {declared.Name}.",
            evidence, 0.6) with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
    }

    private IEnumerable<Finding> Verbs(DetectionContext context)
    {
        var view = context.View;
        if (context.Turns.Task is not { } task) yield break;
        var asked = Requests.Verbs(task.Text).Where(v => Requests.Acting.Contains(v.Verb) && !Vague.Contains(v.Verb)).ToList();
        if (asked.Count == 0) yield break;
        var called = new HashSet<string>(view.ToolCalls.Calls.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var call in context.CallsInOrder)
        {
            if (call.Name.Length == 0 || ToolNames.Reads(call.Name) || ToolNames.Verb(call.Name) is not { } made || !Requests.Acting.Contains(made)) continue;
            if (call.RequestedBy is not { ToolDefinitionsKnown: true } chooser) continue;
            var thing = Thing(call.Name, made);
            if (thing.Count == 0) continue;
            // The user asked for this call's action too ("could you book him in ..."): it answers that request, no stand-in for another.
            if (asked.Exists(a => a.Verb == made)) continue;
            foreach (var (verb, index) in asked)
            {
                // A tool declared for the verb asked for, on the same thing, never called.
                var declared = chooser.ToolDefinitions.FirstOrDefault(d => d.Name != call.Name && !called.Contains(d.Name) && ToolNames.Verb(d.Name) is { } v && v != made
                    && (v == verb || d.Description is { } dd && Opens(dd, verb)) && Thing(d.Name, v).Overlaps(thing));
                if (declared is null) continue;
                yield return PassedOver(context, task, Requests.Sentence(task.Text, index).Trim(), $"to {verb}", chooser, declared, call);
                yield break;
            }
        }
    }

    /// <summary>
    /// A record is named by its kind and reference, by the user ("You sent me quote Q-5521 ... What's the total?") or by a
    /// tool's result (<c>"quote_ref": "Q-2291-A"</c> on a survey the customer lookup returned); a tool named for reading that
    /// kind of record (<c>getQuote</c>, <c>get_survey_quote</c>) is offered and never called; and a figure another reading
    /// tool returned (<c>getPriceList</c>: <c>"price": 1095.0</c>; <c>estimate_from_price_list</c>:
    /// <c>"indicative_price_gbp_inc_vat": 1634.0</c>) is what the run acts on: an action on that record carries it
    /// (<c>bookJob {"quoteId": "Q-5521", "totalAmount": 1095.0}</c>), or the answer states it ("comes to £1,634"). The record
    /// was never read, a stand-in was. Tool Selection Errors at the model call that chose the stand-in, quoting the
    /// reference, the tool passed over, the stand-in's figure and where it was used. A run that reads the record with any
    /// tool for its kind is no finding.
    /// </summary>
    private IEnumerable<Finding> NamedRecord(DetectionContext context)
    {
        var view = context.View;
        var calls = context.CallsInOrder;
        if (calls.Count < 2) yield break;
        var called = calls.Select(c => c.Name).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        // The declared tools named for reading that some call was offered and none made (a tool the instructions merely
        // name does not count): most runs have none, and then no record is looked for.
        var uncalled = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(called, StringComparer.Ordinal);
        foreach (var call in calls)
        {
            if (call.RequestedBy is not { ToolDefinitionsKnown: true } g) continue;
            foreach (var d in g.ToolDefinitions)
            {
                if (seen.Add(d.Name) && ToolNames.OpensWithReading(d.Name)) uncalled.Add(d.Name);
            }
        }

        if (uncalled.Count == 0) yield break;
        foreach (var (kind, id, named, after) in References(context, calls))
        {
            bool ForKind(string name) => ToolNames.OpensWithReading(name) && ToolNames.Verb(name) is { } v && Thing(name, v).Any(w => w == kind || w == kind + "s");
            // Any tool for that kind of record that did run reads it.
            if (called.Any(ForKind)) continue;
            foreach (var standIn in calls)
            {
                if (standIn.Ordinal <= after || standIn.RequestedBy is not { } chooser || !ToolNames.Reads(standIn.Name) || ForKind(standIn.Name)) continue;
                if (standIn.Arguments is { } sa && sa.Text.Contains(id, StringComparison.Ordinal)) continue;
                var passedOver = uncalled.FirstOrDefault(n => ForKind(n) && ToolDeclarations.Definition(chooser, n) is not null);
                if (passedOver is null || standIn.Result is not { Json: { } resultJson } result) continue;
                if (Used(context, calls, standIn, resultJson, id) is not { } used) continue;
                var description = ToolDeclarations.Definition(chooser, passedOver)?.Description;
                // A record a tool's result names (not the user) is stood in for only where the tool passed over is declared to
                // give what the figure is ("the binding price" for indicative_price_gbp_inc_vat): else the figure is about
                // something else (a budget beside a supplier's lead time).
                if (after >= 0 && (description is null || !NameWords.Word().Matches(used.Figure.Name).Any(w => w.Value.Length >= 4 && WholeWords.Find(description.ToLowerInvariant(), w.Value.ToLowerInvariant()) >= 0))) continue;
                var declaration = description is { Length: > 0 } text ? Quote.Cut(text) : passedOver;
                var figure = JsonProperties.Quote(result.Text, used.Figure);
                yield return context.CreateFinding(this, chooser.Span, "Tool Selection Errors",
                    $"{named.Span.Name} names {kind} {id}, {passedOver} is offered for reading a {kind}, and {chooser.Span.Name} called {standIn.Name} instead; its figure ({figure}) is what the run went on with, and {passedOver} was never called.",
                    [new Evidence(named.Span.SpanId, named.Source, named.Quote), new Evidence(chooser.Span.SpanId, ToolDeclarations.OfferedAt(chooser, passedOver), declaration),
                     new Evidence(result.Span.SpanId, result.Source, figure), used.Where], 0.6)
                    with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }

    private sealed record NamedIn(Model.Span Span, string Source, string Quote);

    // A result's field that names a record of a kind by its reference: "quote_ref", "quoteId", "invoice_number".
    [GeneratedRegex(@"^(?<kind>[a-z]{4,})(?:ref|reference|id|number|no)$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceKey();

    // A reference as a record writes it: letters, digits and dashes, with a digit ("Q-2291-A", "SV-2291", "INV-00412").
    [GeneratedRegex(@"^(?=[^ ]*\d)[A-Za-z0-9][A-Za-z0-9/_-]{2,23}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceValue();

    /// <summary>
    /// The records named by kind and reference: in the task's words (named before any call), then in a tool's result (named
    /// after that call), with where each is named and the ordinal of the call after which a stand-in counts.
    /// </summary>
    private static IEnumerable<(string Kind, string Id, NamedIn Named, int After)> References(DetectionContext context, List<ToolCall> calls)
    {
        if (context.Turns.Task is { } task)
        {
            foreach (Match m in NamedReference().Matches(task.Text))
            {
                yield return (m.Groups["kind"].Value, m.Groups["id"].Value, new NamedIn(task.Span, task.Source, Requests.Sentence(task.Text, m.Index).Trim()), -1);
            }
        }

        foreach (var call in calls)
        {
            if (call.Result is not { Json: { } json } result) continue;
            foreach (var obj in JsonProperties.Objects(json))
            {
                foreach (var p in obj.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String || ReferenceKey().Match(JsonProperties.Key(p.Name).Replace("_", "", StringComparison.Ordinal)) is not { Success: true } key) continue;
                    var value = p.Value.GetString()!;
                    if (!ReferenceValue().IsMatch(value)) continue;
                    yield return (key.Groups["kind"].Value, value, new NamedIn(result.Span, result.Source, JsonProperties.Quote(result.Text, p)), call.Ordinal);
                }
            }
        }
    }

    /// <summary>
    /// Where the run went on with a figure of the stand-in's result: an action on the record (a call not named for reading
    /// whose arguments hold the reference) that passes it, else a later model call's answer that states it. Counts and
    /// small quantities (1, 2, under 10) match too much to say where a figure came from, and a figure the stand-in was
    /// given in its own arguments is no figure it returned.
    /// </summary>
    private static (JsonProperty Figure, Evidence Where)? Used(DetectionContext context, List<ToolCall> calls, ToolCall standIn, JsonElement result, string id)
    {
        var figures = new List<(JsonProperty Property, decimal Value)>();
        foreach (var p in JsonProperties.Objects(result).SelectMany(o => o.EnumerateObject()))
        {
            if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var d) && (d >= 10 || d > 0 && d != decimal.Truncate(d))
                && !(standIn.Arguments?.Text.Contains(p.Value.GetRawText(), StringComparison.Ordinal) ?? false)) figures.Add((p, d));
        }

        if (figures.Count == 0) return null;
        foreach (var action in calls)
        {
            if (action.Ordinal <= standIn.Ordinal || action.Name.Length == 0 || ToolNames.Reads(action.Name) || action.Arguments is not { Json: { ValueKind: JsonValueKind.Object } args } a
                || !a.Text.Contains(id, StringComparison.Ordinal)) continue;
            foreach (var p in args.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var d) && figures.FindIndex(f => f.Value == d) is var k and >= 0)
                {
                    return (figures[k].Property, new Evidence(a.Span.SpanId, a.Source, JsonProperties.Quote(a.Text, p)));
                }
            }
        }

        if (standIn.RequestedBy is not { } chooser) return null;
        foreach (var g in context.ModelCallsAfter(chooser.Span))
        {
            foreach (var part in g.OutputParts)
            {
                if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
                foreach (var fact in Facts.Extract(text))
                {
                    if (fact.Kind != FactKind.Number || fact.Dimension.Length == 0 || figures.FindIndex(f => f.Value == fact.Value) is not (var k and >= 0)) continue;
                    return (figures[k].Property, new Evidence(g.Span.SpanId, part.Source, Requests.Sentence(text, fact.Index).Trim()));
                }
            }
        }

        return null;
    }

    // The words of a tool's name after its verb: booking of cancel_booking.
    private static HashSet<string> Thing(string name, string verb) =>
        NameWords.Word().Matches(name).Select(m => m.Value.ToLowerInvariant()).Where(w => w != verb && w.Length >= 3).ToHashSet(StringComparer.Ordinal);

    // A description that opens with the verb: "Move an existing booking ...".
    private static bool Opens(string description, string verb)
    {
        var d = description.TrimStart();
        return d.StartsWith(verb, StringComparison.OrdinalIgnoreCase) && (d.Length == verb.Length || !char.IsLetter(d[verb.Length]));
    }
}
