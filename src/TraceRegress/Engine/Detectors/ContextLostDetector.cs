using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A step that shortens what later steps see and loses a restriction on the way, which a later step then breaks. The
/// steps: a history trimmer or reducer (LangGraph's <c>trim_messages</c>, a <c>trim_history</c> or
/// <c>reduce_context</c> node: a step named for trimming, reducing, summarising, compressing or truncating that calls no
/// model), a model call told to summarise a conversation or documents (Semantic Kernel's
/// <c>ChatHistorySummarizationReducer</c>, LangGraph's <c>summarize_conversation</c>, a summariser ahead of an answering
/// step), and a model call inside an agent invocation that was handed fewer of the thread's user messages than the
/// invocation received (a chat reducer in the chat client pipeline, which records no span of its own). What it drops:
/// a sentence stating a restriction (<see cref="Restrictions"/>: an allergy, "no red-eye flights", a budget, who a figure
/// applies to) that the shortened text no longer states. The harm: a later model call, which was not given the
/// restriction again (no prompt, memory or message of its input states it), breaks it in its answer or picks an
/// option whose record breaks it.
/// <para>
/// Category: Context Management → Context Handling Failures: the context was lost between steps, not ignored by the
/// model that broke it (which never saw it), also when the summariser was itself told to keep restrictions (the summary
/// says so: the instruction it missed is part of how the context was lost). The cited span is the trimming or
/// summarising step; when the reducer left no span, the first model call that received the reduced history.
/// </para>
/// </summary>
internal sealed partial class ContextLostDetector : IDetector
{
    public const string DetectorId = "context-lost";

    public string Id => DetectorId;

    public int Priority => 56;


    public DetectorStanding Standing => DetectorStanding.ContentInference;

    // A step named for what it does to the history.
    [GeneratedRegex(@"trim|reduc|summar|compress|condens|truncat|prune|compact|shorten", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReducerName();

    // An instruction to summarise: "Summarise the retrieved evidence", "Create a summary of the conversation above",
    // "Provide a concise and complete summarization of the entire dialog".
    [GeneratedRegex(@"\b(summari[sz](e|ation)|condense|compress|recap)\b|\b(create|write|provide|produce|generate|make|give)\b[^.\n]{0,40}\bsummary\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SummariseInstruction();

    [GeneratedRegex(@"\b(keep|preserve|retain|include|never (drop|omit)|do not (drop|omit))\b[^.\n]{0,80}\b(restriction|constraint|contraindication|caveat|condition|limit|allerg|preference|exclusion|warning)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeepRestrictions();

    // The age of the person a question is about: "my 8-year-old", "aged 8", "8 years old".
    [GeneratedRegex(@"\b(\d{1,2})[- ]years?[- ]old\b|\baged (\d{1,2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubjectAge();

    // A correction the user gives: "Friday should be 2 hours, not the 8 the site submitted", "change the quantity from 8 to 6".
    [GeneratedRegex(@"\b(?:should|must|needs? to|has to|ought to) (?:be|read|say|show) (?<new>[^,.;!?\n""]{1,30}?),? (?:not|rather than|instead of) (?:the |a |an )?(?<old>\d[^,.;!?\n""]{0,30})|\b(?:change|correct|amend|update|fix)\b[^.;!?\n""]{0,40}?\bfrom (?<old>\d[^,.;!?\n""]{0,20}?) to (?<new>\d[^,.;!?\n""]{0,20})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Correction();

    // A text a shortened history may lose something of: a restriction, or a correction of a value.
    private static bool MayMatter(string text) => Restrictions.MayState(text) || Correction().IsMatch(text);

    // Received: the cited model call was itself handed the reduced history (a reducer that left no span of its own).
    private sealed record Reducer(GenAiSpan Cited, Span Holder, List<SourcedText> Dropped, string Kept, bool ToldToKeep, string What, bool Received = false);

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var reducers = Reducers(context);
        if (reducers.Count == 0) yield break;
        reducers.Sort((a, b) => view.Rank(a.Holder).CompareTo(view.Rank(b.Holder)));
        // The model calls in causal order, once; each reducer is judged by those after it, up to the next reduction (which
        // starts the history anew).
        var calls = new List<GenAiSpan>();
        foreach (var g in view.Spans)
        {
            if (g.IsModelCall) calls.Add(g);
        }

        calls.Sort((a, b) => view.Rank(a.Span).CompareTo(view.Rank(b.Span)));
        var ranks = calls.Select(c => view.Rank(c.Span)).ToArray();
        // A history repeats: the same message in many reductions is read for restrictions once.
        var found = new Dictionary<string, List<Restriction>>(StringComparer.Ordinal);
        for (var k = 0; k < reducers.Count; k++)
        {
            var reducer = reducers[k];
            var until = k + 1 < reducers.Count ? view.Rank(reducers[k + 1].Holder) : int.MaxValue;
            Qualifiers.WordSet? keptWords = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dropped in reducer.Dropped)
            {
                if (!found.TryGetValue(dropped.Text, out var restrictions)) found[dropped.Text] = restrictions = Restrictions.Find(dropped.Text);
                foreach (var r in restrictions)
                {
                    keptWords ??= new Qualifiers.WordSet(reducer.Kept);
                    if (!seen.Add(r.Written) || Restrictions.Holds(r, keptWords, reducer.Kept)) continue;
                    if (Broken(context, calls, ranks, until, reducer, r) is not { } broken) continue;
                    var (by, evidence) = broken;
                    var all = new List<Evidence> { new(dropped.Span.SpanId, dropped.Source, r.Written) };
                    all.AddRange(evidence);
                    // Lost between steps, whatever the summariser was told: the context, not the model that broke the
                    // restriction, failed (a summariser told to keep restrictions is named as such in the summary).
                    const string category = "Context Handling Failures";
                    var told = reducer.ToldToKeep ? ", though it was told to keep such restrictions" : "";
                    yield return context.CreateFinding(this, reducer.Cited.Span, category,
                        $"{reducer.What} dropped \"{r.Written}\"{told}; {by.Span.Name}, which never saw it again, breaks it: \"{evidence[^1].Quote}\".", all, 0.75)
                        with { Basis = AttributionBasis.Inference, Explains = [by.Span.SpanId] };
                    yield break;
                }
            }

            if (Uncorrected(context, calls, ranks, until, reducer) is { } lost)
            {
                yield return lost;
                yield break;
            }
        }
    }

    /// <summary>
    /// A correction of a value the shortened history lost ("Friday should be 2 hours, not the 8 the site submitted"): the
    /// shortened text does not state the corrected value, no model call after it states it either, and one of them acts (a
    /// tool that changes something) on what it was left with. Null when the correction survived or nothing acted.
    /// </summary>
    private Finding? Uncorrected(DetectionContext context, List<GenAiSpan> calls, int[] ranks, int until, Reducer reducer)
    {
        var view = context.View;
        foreach (var dropped in reducer.Dropped)
        {
            foreach (Match m in Correction().Matches(dropped.Text))
            {
                if (CorrectedValue(m.Groups["new"].Value) is not { } corrected || corrected.IsMatch(reducer.Kept)) continue;
                GenAiSpan? acted = null;
                ToolCall? action = null;
                var restated = false;
                foreach (var g in After(view, calls, ranks, until, reducer))
                {
                    if (restated) break;
                    if (corrected.IsMatch(g.OutputText)) restated = true;
                    foreach (var call in context.CallsInOrder)
                    {
                        if (!ReferenceEquals(call.RequestedBy, g) || call.Arguments is not { } args) continue;
                        if (corrected.IsMatch(args.Text)) restated = true;
                        else if (acted is null && !ToolNames.Reads(call.Name) && ToolNames.Verb(call.Name) is { } verb && Requests.Acting.Contains(verb)) (acted, action) = (g, call);
                    }
                }

                if (restated || acted is null || action?.Arguments is not { } sent) continue;
                var said = Requests.Sentence(dropped.Text, m.Index).Trim();
                return context.CreateFinding(this, reducer.Cited.Span, "Context Handling Failures",
                    $"{reducer.What} dropped the user's correction (\"{m.Value}\"); {acted.Span.Name}, which never saw it again, called {action.Name} without it.",
                    [new Evidence(dropped.Span.SpanId, dropped.Source, Quote.Cut(said.Length > 0 ? said : m.Value)), new Evidence(sent.Span.SpanId, sent.Source, Quote.Cut(sent.Text))], 0.7)
                    with { Basis = AttributionBasis.Inference, Explains = [acted.Span.SpanId] };
            }
        }

        return null;
    }

    /// <summary>
    /// The model calls a reducer's loss can reach, in causal order: those after it up to the next reduction (which starts
    /// the history anew), outside the reducer's own step; the cited call itself when it was handed the reduced history.
    /// </summary>
    private static IEnumerable<GenAiSpan> After(TraceView view, List<GenAiSpan> calls, int[] ranks, int until, Reducer reducer)
    {
        var from = view.Rank(reducer.Holder);
        var start = Array.BinarySearch(ranks, from);
        for (var i = start < 0 ? ~start : start; i < calls.Count && ranks[i] <= until; i++)
        {
            var g = calls[i];
            if (ReferenceEquals(g, reducer.Cited) ? reducer.Received : ranks[i] > from && !view.Contains(reducer.Holder, g.Span)) yield return g;
        }
    }

    /// <summary>
    /// How a text states the corrected value: its number with the unit the correction gave it ("2 hours", "2.0 h") or as a
    /// field named for that unit (<c>"hours": 2</c>); the number alone when it has two digits or more. Null when the
    /// correction gives no number.
    /// </summary>
    private static Regex? CorrectedValue(string written)
    {
        var m = NumberAndUnit().Match(written);
        if (!m.Success || !decimal.TryParse(m.Groups["n"].ValueSpan, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var n)) return null;
        var number = Regex.Escape(decimal.Truncate(n) == n ? decimal.Truncate(n).ToString(System.Globalization.CultureInfo.InvariantCulture) : n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var value = $@"(?<![\d.,]){number}(?:\.0+)?(?![\d.,]\d|\d)";
        if (m.Groups["unit"].Success)
        {
            var unit = m.Groups["unit"].Value.ToLowerInvariant();
            var stem = Regex.Escape(unit.Length > 3 ? unit[..3] : unit);
            var initial = Regex.Escape(unit[..1]);
            return new Regex($@"{value}\s*(?:{stem}\w*|{initial}\b)|""\w*{stem}\w*""\s*:\s*{value}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        return m.Groups["n"].Value.Length >= 2 ? new Regex(value, RegexOptions.CultureInvariant) : null;
    }

    // A number and the word after it ("2 hours", "6 boxes").
    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)(?:\s*(?<unit>[A-Za-z]{1,12}))?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberAndUnit();

    private static int Users(GenAiSpan g)
    {
        var n = 0;
        foreach (var m in g.InputMessages) n += m.Role == "user" ? 1 : 0;
        return n;
    }

    private static List<Reducer> Reducers(DetectionContext context)
    {
        var view = context.View;
        var reducers = new List<Reducer>();
        var seen = new Dictionary<GenAiMessage, (bool, bool)>(ReferenceEqualityComparer.Instance);
        // The user messages each conversation's model calls were handed so far (by the span the calls run under).
        Dictionary<Span, GenAiSpan>? previous = null;
        var trimmed = false;
        foreach (var g in view.Spans)
        {
            if (g.IsModelCall)
            {
                if (Summariser(view, g, seen) is { } summariser) reducers.Add(summariser);
                else if (!trimmed && g.Span.Parent is { } parent && TrimmedBefore(g, previous ??= [], parent) is { } cut)
                {
                    reducers.Add(cut);
                    trimmed = true;
                }

                continue;
            }

            if (g.Operation == GenAiOperation.InvokeAgent)
            {
                if (ReducedInside(view, g) is { } reduced) reducers.Add(reduced);
                continue;
            }

            if (g.IsToolExecution || !ReducerName().IsMatch(g.Span.Name)) continue;
            // A step that calls a model is judged by its model call (a summariser), not by its name.
            var end = view.SubtreeEnd(g.Span);
            var callsModel = false;
            for (var i = g.Span.Index + 1; i <= end && !callsModel; i++) callsModel = view.Spans[i].IsModelCall;
            if (callsModel) continue;
            var texts = context.Facts.TextsOf(g.Span);
            var input = texts.Where(t => !t.IsOutput).ToList();
            var output = texts.Where(t => t.IsOutput).ToList();
            if (input.Count == 0 || output.Count == 0) continue;
            // The texts of its own first (the messages one by one); the raw payload only when nothing else was read.
            var data = input.Where(t => t.Kind == InputKind.Data).ToList();
            var dropped = (data.Count > 0 ? data : input).Where(t => MayMatter(t.Text)).Select(t => new SourcedText(g.Span, t.Source, t.Text)).ToList();
            if (dropped.Count == 0) continue;
            reducers.Add(new Reducer(g, g.Span, dropped, string.Join('\n', output.Select(t => t.Text)), false, $"The {g.Span.Name} step"));
        }

        return reducers;
    }

    // A model call told to summarise (in its instructions, its last short user message, or by the step around it).
    private static Reducer? Summariser(TraceView view, GenAiSpan g, Dictionary<GenAiMessage, (bool, bool)> seen)
    {
        if (g.OutputText is not { Length: > 0 } summary) return null;
        GenAiMessage? instruction = null;
        var told = false;
        // The instructions lead the input (a long history after them is not read here).
        foreach (var m in g.InputMessages)
        {
            if (m.Role != "system") break;
            if (Instruction(m, seen) is var (isInstruction, keep) && isInstruction) (instruction, told) = (m, told || keep);
        }

        if (instruction is null && g.InputMessages.Count > 1 && g.InputMessages[^1] is { Role: "user" } last && Instruction(last, seen) is (true, var keepAll))
            (instruction, told) = (last, keepAll);
        if (instruction is null && !(g.Span.Parent is { } parent && !view[parent].IsModelCall && parent.Name.Contains("summar", StringComparison.OrdinalIgnoreCase))) return null;
        var dropped = new List<SourcedText>();
        foreach (var m in g.InputMessages)
        {
            if (ReferenceEquals(m, instruction) || m.Role is not ("user" or "assistant")) continue;
            foreach (var part in m.Parts)
            {
                if (part.Kind == PartKind.Text && part.Content is { Length: > 0 } text && MayMatter(text)) dropped.Add(new SourcedText(g.Span, part.Source, text));
            }
        }

        return dropped.Count == 0 ? null : new Reducer(g, g.Span, dropped, summary, told, $"The summarising call {g.Span.Name}");
    }

    // Whether a message tells the model to summarise, and to keep restrictions while it does. A prompt repeats in every
    // call (one shared message object): each is read once.
    private static (bool Summarise, bool Keep) Instruction(GenAiMessage m, Dictionary<GenAiMessage, (bool, bool)> seen)
    {
        if (seen.TryGetValue(m, out var known)) return known;
        var summarise = ReadsSummary(m) && m.Text is { Length: <= 4000 } text && SummariseInstruction().IsMatch(text);
        return seen[m] = (summarise, summarise && KeepRestrictions().IsMatch(m.Text));
    }

    private static bool ReadsSummary(GenAiMessage m)
    {
        foreach (var part in m.Parts)
        {
            if (part.Kind != PartKind.Text || part.Content is not { } text) continue;
            foreach (var stem in SummaryStems)
            {
                if (text.Contains(stem, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }

        return false;
    }

    private static readonly string[] SummaryStems = ["summar", "condense", "compress", "recap"];

    /// <summary>
    /// A model call of a conversation (the calls under one span) handed its history without the user messages the
    /// conversation's previous call opened with, while it still opens with a later one of them (a chat reducer in the
    /// client's pipeline, which records no span of its own, keeps the latest messages): the history was trimmed before
    /// it. Null when it lost nothing that states a restriction.
    /// </summary>
    private static Reducer? TrimmedBefore(GenAiSpan g, Dictionary<Span, GenAiSpan> previous, Span conversation)
    {
        var first = FirstUserText(g);
        if (first is null) return null;
        var had = previous.GetValueOrDefault(conversation);
        previous[conversation] = g;
        if (had is null || FirstUserText(had) is not { } opened || opened == first) return null;
        // Where the previous call's history holds this call's opening message: everything of the user's before it was cut.
        var at = -1;
        for (var i = 0; i < had.InputMessages.Count && at < 0; i++)
        {
            if (had.InputMessages[i] is { Role: "user" } m && m.Text == first) at = i;
        }

        if (at < 0) return null;
        var dropped = new List<SourcedText>();
        for (var i = 0; i < at; i++)
        {
            var m = had.InputMessages[i];
            if (m.Role != "user" || m.Text.Length == 0 || !MayMatter(m.Text)) continue;
            var part = m.Parts.FirstOrDefault(p => p.Kind == PartKind.Text && p.Content == m.Text);
            dropped.Add(new SourcedText(had.Span, part?.Source ?? m.Source, m.Text));
        }

        return dropped.Count == 0 ? null
            : new Reducer(g, g.Span, dropped, string.Join('\n', g.InputMessages.Select(m => m.Text)), false,
                $"The history handed to {g.Span.Name} (trimmed of a message earlier calls were handed)", Received: true);
    }

    private static string? FirstUserText(GenAiSpan g)
    {
        foreach (var m in g.InputMessages)
        {
            if (m.Role == "user" && m.Text.Length > 0) return m.Text;
        }

        return null;
    }

    // An agent invocation whose first model call was handed fewer of the thread's user messages than it received.
    private static Reducer? ReducedInside(TraceView view, GenAiSpan agent)
    {
        if (agent.InputMessages.Count < 2) return null;
        var end = view.SubtreeEnd(agent.Span);
        GenAiSpan? first = null;
        for (var i = agent.Span.Index + 1; i <= end && first is null; i++)
        {
            if (view.Spans[i].IsModelCall) first = view.Spans[i];
        }

        if (first is null || first.InputMessages.Count == 0 || Users(first) >= Users(agent)) return null;
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in first.InputMessages) given.Add(m.Text);
        var dropped = new List<SourcedText>();
        foreach (var m in agent.InputMessages)
        {
            if (m.Role != "user" || m.Text.Length == 0 || given.Contains(m.Text)) continue;
            foreach (var part in m.Parts)
            {
                if (part.Kind == PartKind.Text && part.Content is { Length: > 0 } text && MayMatter(text)) dropped.Add(new SourcedText(agent.Span, part.Source, text));
            }
        }

        return dropped.Count == 0 ? null
            : new Reducer(first, first.Span, dropped, string.Join('\n', first.InputMessages.Select(m => m.Text)), false, $"The history handed to {first.Span.Name} (reduced from the thread {agent.Span.Name} received)", Received: true);
    }

    // The first later model call that breaks the restriction, when it was not given the restriction again (no prompt,
    // memory or message of its input states it); null when none breaks it or the one that does was told.
    private static (GenAiSpan By, List<Evidence> Evidence)? Broken(DetectionContext context, List<GenAiSpan> calls, int[] ranks, int until, Reducer reducer, Restriction r)
    {
        GenAiSpan? by = null;
        List<Evidence>? evidence = null;
        foreach (var g in After(context.View, calls, ranks, until, reducer))
        {
            if (BreaksIt(context, g, r) is not { } found) continue;
            (by, evidence) = (g, found);
            break;
        }

        if (by is null) return null;
        var given = string.Join('\n', by.InputMessages.Where(m => m.Role != "tool").Select(m => m.Text));
        return Restrictions.Holds(r, new Qualifiers.WordSet(given), given) ? null : (by, evidence!);
    }

    private static List<Evidence>? BreaksIt(DetectionContext context, GenAiSpan g, Restriction r)
    {
        var answer = g.OutputText;
        if (answer.Length > 0 && MayBreak(answer, r))
        {
            var words = new Qualifiers.WordSet(answer);
            var source = g.OutputMessages.Count > 0 ? g.OutputMessages[0].Parts.FirstOrDefault(p => p.Kind == PartKind.Text)?.Source ?? g.OutputMessages[0].Source : "output";
            if (Restrictions.BrokenIn(r, words, answer) is { } quote) return [new Evidence(g.Span.SpanId, source, quote)];
            if (r.Kind == RestrictionKind.MinimumAge && !words.HoldsAmount(r.Amount!.Value, answer) && YoungerAsked(g, r.Amount!.Value) is { } asked)
                return [asked, new Evidence(g.Span.SpanId, source, ErrorText.LineAround(answer, 0))];
        }

        foreach (var pick in context.Picks.By(g))
        {
            if (Restrictions.BrokenBy(r, pick.Picked) is not { } record) continue;
            var evidence = new List<Evidence> { new(pick.Result.Span.SpanId, pick.Result.Source, record) };
            if (PickedOptions.Naming(g, pick.Name) is { } named) evidence.Add(new Evidence(g.Span.SpanId, named.Source, pick.Name));
            return evidence;
        }

        return null;
    }

    // Before the answer is read word by word: the excluded word's stem (or a stem of what belongs to it), an amount's digits,
    // an age question's number.
    private static bool MayBreak(string answer, Restriction r) => r.Kind switch
    {
        RestrictionKind.Excludes => r.Terms.Length > 0 && (answer.Contains(r.Terms[0].Length > 4 ? r.Terms[0][..^1] : r.Terms[0], StringComparison.OrdinalIgnoreCase)
                                                           || Restrictions.Members(r).Any(m => answer.Contains(m.Length > 4 ? m[..^1] : m, StringComparison.OrdinalIgnoreCase))),
        RestrictionKind.Requires => answer.Contains(r.Terms[^1].Length > 4 ? r.Terms[^1][..^1] : r.Terms[^1], StringComparison.OrdinalIgnoreCase),
        _ => true,
    };

    // The question is about someone younger than the restriction allows ("my 8-year-old" for "12 and over").
    private static Evidence? YoungerAsked(GenAiSpan g, decimal minimum)
    {
        foreach (var m in g.InputMessages)
        {
            if (m.Role == "tool") continue;
            foreach (var part in m.Parts)
            {
                if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
                foreach (Match match in SubjectAge().Matches(text))
                {
                    var digits = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
                    if (decimal.TryParse(digits, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var age) && age < minimum)
                        return new Evidence(g.Span.SpanId, part.Source, match.Value);
                }
            }
        }

        return null;
    }
}
