using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model call sends an identifier the task gave (PO-77821, INC0012345, WO-44817) to one tool when another tool it was
/// offered declares that it takes identifiers of that form ("a purchase order (PO-nnnnn)", "e.g. PO-12345", "INC/REQ
/// number") and the tool called declares no such thing: a public web search asked about an internal order, a generic
/// lookup asked about a ticket. What came back answers another question. Tool Selection Errors, cited at the call that
/// chose, quoting the identifier as it sent it and the declaration of the tool it passed over. A call made after the
/// right tool already ran (a search for context beside the lookup) is not read this way.
/// <para>
/// The same for what a tool knows rather than what it takes: the task asks about the state of things now ("is my flight
/// on time?", "is the store open right now?") and the call chooses a tool whose declaration says it reads what was
/// published or scheduled (a timetable, a catalogue) when another tool it was offered declares live or real-time status,
/// and that tool is never called. The timetable answers what was planned, not what is happening.
/// </para>
/// </summary>
internal sealed partial class WrongToolDetector : IDetector
{
    public const string DetectorId = "wrong-tool";

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task) yield break;
        var view = context.View;
        if (Planned(context, task) is { } planned)
        {
            yield return planned;
            yield break;
        }

        if (UnwantedEffect(context, task) is { } unwanted)
        {
            yield return unwanted;
            yield break;
        }

        if (ActionPassedOver(context, task) is { } action)
        {
            yield return action;
            yield break;
        }

        if (BeyondItsDeclaration(context) is { } beyond)
        {
            yield return beyond;
            yield break;
        }

        var facts = context.Facts;
        var asked = facts.FactsOf(task.Text).Where(f => f.Kind == FactKind.Identifier).ToList();
        if (asked.Count == 0) yield break;
        if (PassedOver(context, task, asked) is { } passed)
        {
            yield return passed;
            yield break;
        }

        var calls = view.ToolCalls.Calls;
        foreach (var call in calls)
        {
            if (call.RequestedBy is not { } g || call.Arguments is not { } args || call.Name.Length == 0) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || declaring.ToolDefinitions.Count < 2) continue;
            var chosen = ToolDeclarations.Definition(declaring, call.Name);
            foreach (var id in facts.FactsOf(args.Text).Where(f => f.Kind == FactKind.Identifier && asked.Exists(a => a.Key == f.Key)))
            {
                if (Prefix(id.Written) is not { } prefix) continue;
                if (chosen is not null && Declares(chosen, prefix) is not null) continue;
                foreach (var other in declaring.ToolDefinitions)
                {
                    if (other.Name == call.Name || Declares(other, prefix) is not { } declared) continue;
                    // Both tools take the id under the same parameter (booking_id): the one called takes that kind too.
                    if (chosen is not null && SentUnder(args, id.Written) is { } parameter && chosen.Parameters.Contains(parameter) && other.Parameters.Contains(parameter)) continue;
                    // The right tool had already run: this call looked for something else beside it.
                    var rank = view.Rank(g.Span);
                    if (calls.Any(c => c.Name == other.Name && c.OriginSpan is { } o && view.Rank(o) <= rank)) continue;
                    yield return context.CreateFinding(this, g.Span, "Tool Selection Errors",
                        $"{g.Span.Name} sent {id.Written} to {call.Name}, but {other.Name} is the tool it was offered for such ids (\"{declared}\").",
                        [new Evidence(args.Span.SpanId, args.Source, id.Written), new Evidence(declaring.Span.SpanId, other.Source, declared)], 0.7)
                        with { Basis = AttributionBasis.Inference };
                    yield break;
                }
            }
        }
    }

    // The argument that carries an id: "booking_id" of {"booking_id": "STW-8831"}; null when none holds it whole.
    private static string? SentUnder(SourcedText args, string id)
    {
        if (args.Json is not { ValueKind: System.Text.Json.JsonValueKind.Object } root) return null;
        foreach (var p in root.EnumerateObject())
        {
            if (p.Value.ValueKind == System.Text.Json.JsonValueKind.String && string.Equals(p.Value.GetString(), id, StringComparison.OrdinalIgnoreCase)) return p.Name;
        }

        return null;
    }

    // What the user wants to keep: "Don't want to lose my subscriber rate", "without losing my no-claims discount", "keep my
    // current number".
    [GeneratedRegex(@"\b(?:(?:don't|do not|doesn't|does not|dont)\s+want\s+to\s+(?:lose|give up|cancel|end|forfeit)|without\s+(?:losing|cancell?ing|ending|giving up|forfeiting)|(?:want|need|like|have)\s+to\s+keep|keep(?:ing)?)\s+(?:my|our|the|his|her|their)\s+(?<thing>[\p{L}][\p{L}'\- ]{2,40}?)(?=\s*(?:[!.,;?)]|$|\b(?:and|but|if|so|please|though)\b))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeepWish();

    // What the user wants back once a window is over: "Normal monitoring after that please", "usual service afterwards".
    [GeneratedRegex(@"\b(?:normal|usual|regular|full)\s+(?<thing>[\p{L}][\p{L}'\- ]{2,40}?)\s+(?:after that|afterwards|again afterwards|once (?:they(?:'re| are) done|it's done|that's done|the work is done))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BackAfter();

    // A declaration's word for ending something.
    [GeneratedRegex(@"\b(?:ends?|cancels?|removes?|loses?|forfeits?|terminates?|closes?|revokes?|voids?|suspends?)\b(?<rest>[^.\n]{0,60})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Ends();

    [GeneratedRegex(@"\b(?:continues?|keeps?|remains?|stays?|retains?|unchanged|resumes?|returns? to|back to)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Keeps();

    /// <summary>
    /// The user said what they want to keep ("Don't want to lose my subscriber rate!"), and a call chose a tool whose
    /// declaration says it ends that very thing ("Ends any subscriber or loyalty rate") when another tool it was offered
    /// declares that it keeps it ("The subscription and its price continue") and was never called: Tool Selection Errors at
    /// the call that chose, quoting the wish and both declarations. A wish to have it back once a window is over ("Normal
    /// monitoring after that please") is one to keep it: a tool that suspends it until the account holder writes in
    /// (<c>suspend_monitoring</c>) ends it, one that returns the site to it when the window ends (<c>set_test_mode</c>) keeps it.
    /// </summary>
    private Finding? UnwantedEffect(DetectionContext context, SourcedText task)
    {
        var view = context.View;
        // The first user message, in any model call's input, that says what the user wants to keep.
        var found = view.Spans.Where(g => g.IsModelCall)
            .SelectMany(g => g.InputMessages.Where(m => m.Role is "user" or "human").SelectMany(m => m.Parts).Select(p => (Span: g.Span, Part: p)))
            .Where(x => x.Part.Kind == PartKind.Text && x.Part.Content is { Length: > 0 })
            .Select(x => (x.Span, x.Part.Source, Wish: KeepWish().Match(x.Part.Content!) is { Success: true } keep ? keep : BackAfter().Match(x.Part.Content!)))
            .FirstOrDefault(x => x.Wish.Success);
        if (found.Wish is not { } wish) return null;
        var (wishSpan, wishSource) = (found.Span, found.Source);
        var stems = Stems(wish.Groups["thing"].Value);
        if (stems.Count == 0) return null;
        var calls = view.ToolCalls.Calls;
        foreach (var call in calls)
        {
            if (call.RequestedBy is not { } g || call.Name.Length == 0 || view.Rank(g.Span) < view.Rank(wishSpan)) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || declaring.ToolDefinitions.Count < 2) continue;
            if (ToolDeclarations.Definition(declaring, call.Name) is not { Description: { } chosen }) continue;
            var ends = Ends().Matches(chosen).FirstOrDefault(e => Stems(e.Groups["rest"].Value).Overlaps(stems));
            if (ends is null) continue;
            foreach (var other in declaring.ToolDefinitions)
            {
                if (other.Name == call.Name || other.Description is not { } kept || calls.Any(c => c.Name == other.Name)) continue;
                var sentence = kept.Split('.').FirstOrDefault(x => Keeps().IsMatch(x) && Stems(x).Overlaps(stems));
                if (sentence is null || Ends().Matches(kept).Any(e => Stems(e.Groups["rest"].Value).Overlaps(stems))) continue;
                return context.CreateFinding(this, g.Span, "Tool Selection Errors",
                    $"The user wants to keep something (\"{wish.Value}\"), and {g.Span.Name} chose {call.Name}, declared to end it (\"{Quote.Cut(ends.Value, 120)}\"), though {other.Name} was offered to keep it (\"{Quote.Cut(sentence.Trim(), 120)}\") and never called.",
                    [new Evidence(wishSpan.SpanId, wishSource, wish.Value), ToolDeclarations.Offering(declaring, call.Name),
                     new Evidence(declaring.Span.SpanId, other.Source, Quote.Cut(sentence.Trim(), 160))], 0.7)
                    with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
            }
        }

        return null;
    }

    // The first five letters of each word of four letters or more: "subscriber rate" and "subscription" share "subsc".
    private static HashSet<string> Stems(string text)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in NameWords.Word().Matches(text))
        {
            var w = m.Value.ToLowerInvariant();
            if (w.Length >= 4 && w is not ("your" or "their" or "with" or "from" or "this" or "that" or "than" or "them" or "when" or "date" or "dates")) stems.Add(w.Length > 5 ? w[..5] : w);
        }

        return stems;
    }

    [GeneratedRegex(@"\b(?:on time|delay(?:ed|s)?|running late|right now|at the moment|currently|live|real[- ]time|still (?:open|running|on)|open now|cancell?ed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsksNow();

    [GeneratedRegex(@"\b(?:published|timetables?|static|historical|archived?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReadsPlanned();

    [GeneratedRegex(@"\b(?:live|real[- ]time|operational status|current status|up[- ]to[- ]the[- ]minute)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReadsLive();

    /// <summary>A call that asked a tool of published or scheduled data about the state of things now, passing over a live one never called.</summary>
    private Finding? Planned(DetectionContext context, SourcedText task)
    {
        if (AsksNow().Match(task.Text) is not { Success: true } now) return null;
        var view = context.View;
        var calls = view.ToolCalls.Calls;
        foreach (var call in calls)
        {
            if (call.RequestedBy is not { } g || call.Arguments is not { } args || call.Name.Length == 0) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || declaring.ToolDefinitions.Count < 2) continue;
            if (ToolDeclarations.Definition(declaring, call.Name) is not { Description: { } chosen } || ReadsLive().IsMatch(chosen)
                || ReadsPlanned().Match(chosen) is not { Success: true } planned) continue;
            foreach (var other in declaring.ToolDefinitions)
            {
                if (other.Name == call.Name || other.Description is not { } live || ReadsLive().Match(live) is not { Success: true } liveWord) continue;
                if (calls.Any(c => c.Name == other.Name)) continue;
                return context.CreateFinding(this, g.Span, "Tool Selection Errors",
                    $"The task asks about now (\"{now.Value}\"), and {g.Span.Name} asked {call.Name}, which reads {planned.Value} data, though {other.Name} was offered for {liveWord.Value} status and never called.",
                    [new Evidence(task.Span.SpanId, task.Source, now.Value), new Evidence(declaring.Span.SpanId, other.Source, Quote.Cut(live.Split('\n')[0], 160)), new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text))], 0.65)
                    with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId, call.RespondedIn?.Span.SpanId }.OfType<string>().ToArray() };
            }
        }

        return null;
    }

    // A declaration that limits what its tool does: "Inspection only: ...", "Read-only.", "no parts are ordered or fitted",
    // "does not book", "cannot be used to".
    [GeneratedRegex(@"[^.:;\n]*\b(?:only\s*[:.;]|read[- ]only|does not|doesn't|cannot|can't|will not|no\s+\w+\s+(?:is|are)\s+\w+)[^.;\n]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LimitedTo();

    [GeneratedRegex(@"\p{L}[\p{L}-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>
    /// A call asks a tool for work its declaration says it does not do ("Inspection only: ... no parts are ordered or
    /// fitted under this booking") when the call's arguments name the work in the words another offered tool declares
    /// ("front brake pads" beside "BRK-FPAD front brake pads") and that tool is never called: the call chose the wrong
    /// tool for what it asked. Tool Selection Errors at the call, quoting its arguments, the limit and the other tool's
    /// declaration.
    /// </summary>
    private Finding? BeyondItsDeclaration(DetectionContext context)
    {
        var view = context.View;
        var calls = view.ToolCalls.Calls;
        // Each declaration is read for a limit once (a run declares its tools again in every call).
        var limits = new Dictionary<string, Match?>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            // The call that chose, with the tools it was offered.
            if (call.RequestedBy is not { IsModelCall: true, ToolDefinitionsKnown: true } g || call.Arguments is not { } args || call.Name.Length == 0) continue;
            if (g.ToolDefinitions.Count < 2 || ToolDeclarations.Definition(g, call.Name) is not { Description: { } chosen } definition) continue;
            if (!limits.TryGetValue(chosen, out var limit)) limits[chosen] = limit = LimitedTo().Match(chosen) is { Success: true } m ? m : null;
            if (limit is null) continue;
            var said = Words(args.Text);
            if (said.Count < 2) continue;
            foreach (var other in g.ToolDefinitions)
            {
                if (other.Name == call.Name || other.Description is not { } declared || calls.Any(c => c.Name == other.Name)) continue;
                if (SharedPhrase(said, Words(declared), chosen) is not { } phrase) continue;
                return context.CreateFinding(this, g.Span, "Tool Selection Errors",
                    $"{g.Span.Name} asked {call.Name} for \"{phrase}\", though its declaration limits it (\"{limit.Value.Trim()}\") and {other.Name}, never called, was offered for it.",
                    [new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text)), new Evidence(g.Span.SpanId, definition.Source, limit.Value.Trim()),
                     new Evidence(g.Span.SpanId, other.Source, Quote.Cut(declared.Split('\n')[0], 200))], 0.65)
                    with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId, call.RespondedIn?.Span.SpanId }.OfType<string>().ToArray() };
            }
        }

        return null;
    }

    // The words of a text in lower case, in order.
    private static List<string> Words(string text) => Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();

    /// <summary>
    /// The longest run of two or three words, beginning and ending with a content word, that both texts write and the
    /// chosen tool's declaration does not; null when there is none.
    /// </summary>
    private static string? SharedPhrase(List<string> said, List<string> declared, string chosen)
    {
        var lowerChosen = chosen.ToLowerInvariant();
        var runs = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 2; n <= 3; n++)
        {
            for (var i = 0; i + n <= declared.Count; i++) runs.Add(string.Join(' ', declared.Skip(i).Take(n)));
        }

        for (var n = 3; n >= 2; n--)
        {
            for (var i = 0; i + n <= said.Count; i++)
            {
                var first = said[i];
                var last = said[i + n - 1];
                if (first.Length < 4 || last.Length < 4 || Qualifiers.IsFunctionWord(first) || Qualifiers.IsFunctionWord(last)) continue;
                var phrase = string.Join(' ', said.Skip(i).Take(n));
                if (runs.Contains(phrase) && !lowerChosen.Contains(phrase, StringComparison.Ordinal)) return phrase;
            }
        }

        return null;
    }

    /// <summary>
    /// The task asks for an action in the words of a tool it was offered ("can you renew them" beside
    /// <c>Library-RenewLoan</c>), that tool is never called, and the call made instead is another action
    /// (<c>Library-PlaceHold</c>) whose verb the task never uses: the run did something else than what was asked.
    /// Tool Selection Errors at the call that chose.
    /// </summary>
    private Finding? ActionPassedOver(DetectionContext context, SourcedText task)
    {
        // Only a request for an action can name one.
        if (!Requests.AsksAction(task.Text)) return null;
        var view = context.View;
        var calls = view.ToolCalls.Calls;
        var called = new HashSet<string>(calls.Select(c => c.Name), StringComparer.Ordinal);
        var mentioned = new Dictionary<string, int>(StringComparer.Ordinal);
        var said = new Dictionary<string, int>(StringComparer.Ordinal);
        var checkedChoosers = new HashSet<Model.Span>();
        HashSet<string>? prefixes = null;
        foreach (var call in calls)
        {
            if (call.Name.Length == 0 || ToolNames.Reads(call.Name) || ToolNames.Verb(call.Name) is not { } verb) continue;
            if (!mentioned.TryGetValue(verb, out var m)) mentioned[verb] = m = AsAction(task.Text, verb);
            if (m >= 0 || ToolDeclarations.Chooser(view, call) is not { } chooser || !checkedChoosers.Add(chooser.Span)) continue;
            // A model call that records no tools of its own was given its agent's (Strands and others declare them on the agent span).
            var declaring = chooser.ToolDefinitionsKnown ? chooser : ToolDeclarations.DeclaringSpan(view, call) ?? chooser;
            foreach (var offered in ToolDeclarations.Offered(declaring, prefixes ??= ToolDeclarations.PluginPrefixes(view)))
            {
                if (offered == call.Name || called.Contains(offered) || ToolNames.Reads(offered) || ToolNames.Verb(offered) is not { } asked || asked == verb) continue;
                if (!said.TryGetValue(asked, out var at)) said[asked] = at = Requests.Says(task.Text, asked);
                // A change asked in other words ("could you push it back to 8:15?") is asked of the tool that changes what
                // exists, passed over for one that makes a new one (createReservation beside modifyReservation), or for one
                // that ends what exists (cancel_booking, then a new booking, beside reschedule_booking).
                if (at < 0 && Changes.Contains(asked) && (Creates.Contains(verb) || Removes.Contains(verb)) && ChangeAsked().Match(task.Text) is { Success: true } change) at = change.Index;
                // The same kind of action by the means the task names ("bid on it by phone" beside register_telephone_bidder,
                // passed over for place_absentee_bid).
                var means = at < 0;
                if (at < 0) at = MeansNamed(task.Text, call.Name, offered);
                if (at < 0) continue;
                var evidence = new List<Evidence> { new(task.Span.SpanId, task.Source, Requests.Sentence(task.Text, at)), ToolDeclarations.Offering(declaring, offered) };
                if (call.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
                return context.CreateFinding(this, chooser.Span, "Tool Selection Errors",
                    $"The task asks {(means ? "for it by the means " + offered + " is named for" : "to " + asked)} (\"{Requests.Sentence(task.Text, at)}\"), and {chooser.Span.Name} called {call.Name} instead of {offered}, which it was offered and never called.",
                    evidence, 0.65) with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId, call.RespondedIn?.Span.SpanId }.OfType<string>().ToArray() };
            }
        }

        return null;
    }

    // Where the task asks for the verb: says it, or uses it in another form, unless only as the state of what the writer
    // already has ("I've got a tuning booked for Friday", "the order was cancelled"), which names no action to take. -1
    // when nowhere.
    private static int AsAction(string text, string verb)
    {
        var said = Requests.Says(text, verb);
        if (said >= 0) return said;
        var at = Requests.Mentions(text, verb);
        if (at < 0) return -1;
        var end = at;
        while (end < text.Length && char.IsLetter(text[end])) end++;
        if (!text.AsSpan(at, end - at).EndsWith("ed", StringComparison.OrdinalIgnoreCase)) return at;
        return HeldState().IsMatch(text.AsSpan(Math.Max(0, at - 40), at - Math.Max(0, at - 40))) ? -1 : at;
    }

    // What comes before a participle that says what is so: "I've got a tuning", "it is", "was already", "we have the table".
    [GeneratedRegex(@"(?:\b(?:got|have|has|had)\s+(?:a|an|the|my|our|this|that)\s+(?:\w+\s+){0,2}|\b(?:is|was|are|were|been|already)\s+(?:already\s+)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeldState();

    private static List<string> WordsOf(string name) => NameWords.Word().Matches(name).Select(m => m.Value.ToLowerInvariant()).Skip(1).ToList();

    /// <summary>
    /// Where the task names the means of the tool passed over: the two tools share a word past their verbs (bid, bidder:
    /// the same kind of action), the one passed over has a word of its own the task writes (phone, in telephone), and the
    /// one called has none the task writes (absentee). -1 when it does not.
    /// </summary>
    private static int MeansNamed(string task, string called, string offered)
    {
        var mine = WordsOf(called);
        var theirs = WordsOf(offered);
        static bool Same(string a, string b) => a.Length >= 3 && b.Length >= 3 && (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal));
        if (!mine.Exists(a => theirs.Exists(b => Same(a, b)))) return -1;
        if (mine.Exists(a => a.Length >= 4 && !theirs.Exists(b => Same(a, b)) && WholeWord(task, a) >= 0)) return -1;
        foreach (var own in theirs)
        {
            if (own.Length < 4 || mine.Exists(a => Same(a, own))) continue;
            // The word itself, or its tail of four letters or more ("phone" in "telephone").
            for (var cut = 0; own.Length - cut >= 4; cut++)
            {
                var at = WholeWord(task, own[cut..]);
                if (at >= 0) return at;
            }
        }

        return -1;
    }

    private static int WholeWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + word.Length;
            if ((at == 0 || !char.IsLetter(text[at - 1])) && (end == text.Length || !char.IsLetter(text[end]))) return at;
        }

        return -1;
    }

    // Verbs of tools that change a thing that exists, and of tools that make a new one.
    private static readonly HashSet<string> Changes = new(StringComparer.Ordinal) { "modify", "update", "change", "amend", "edit", "reschedule", "move" };

    private static readonly HashSet<string> Creates = new(StringComparer.Ordinal) { "create", "book", "make", "add", "place", "reserve", "new", "open", "submit" };

    private static readonly HashSet<string> Removes = new(StringComparer.Ordinal) { "cancel", "delete", "remove", "terminate", "void", "close", "end" };

    // A request to change something the writer already has, in the words people use for it ("could I pick it up Saturday
    // morning instead", "can you switch us over?").
    [GeneratedRegex(@"\b(?:push(?:ing)? (?:it|this|that|them|(?:the|my|our) \w+) back|bring (?:it|this|that|them|(?:the|my|our) \w+) forward|move (?:it|this|that|them|(?:the|my|our) \w+)|postpone|reschedule|change (?:it|the time|the date|my|our)|switch (?:it|us|me|them|my|our)|swap (?:it|us|me|my|our)|shift (?:it|my|our)|instead)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChangeAsked();

    // Words that say nothing of what kind of record an identifier names.
    private static readonly HashSet<string> NoKind = new(StringComparer.OrdinalIgnoreCase)
    {
        "number", "code", "reference", "with", "from", "that", "this", "about", "have", "under", "please", "check", "tell", "whether", "still",
        "mine", "your", "their", "which", "what", "where", "when", "there", "here", "company", "work", "new", "old",
    };

    /// <summary>
    /// The task names a record by its id and what it is ("asset tag LT-20931", "order ORD-88412"), a tool offered for
    /// records of that kind (named for it: lookupAssetWarranty) is never called, and a call asks another tool (a knowledge
    /// base search) without the id: the record was never read. Tool Selection Errors at the call that chose.
    /// </summary>
    private Finding? PassedOver(DetectionContext context, SourcedText task, List<Fact> asked)
    {
        var view = context.View;
        var calls = view.ToolCalls.Calls;
        foreach (var id in asked)
        {
            var kinds = KindWords(task.Text, id.Index);
            if (kinds.Count == 0) continue;
            foreach (var call in calls)
            {
                if (call.Name.Length == 0 || ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || declaring.ToolDefinitions.Count < 2) continue;
                if (ToolWords(call.Name).Overlaps(kinds)) break;
                if (call.Arguments is { } args && args.Text.Contains(id.Written, StringComparison.OrdinalIgnoreCase)) break;
                var other = declaring.ToolDefinitions.FirstOrDefault(d => d.Name != call.Name && ToolWords(d.Name).Overlaps(kinds));
                if (other is null || calls.Any(c => c.Name == other.Name)) break;
                if (ToolDeclarations.Chooser(view, call) is not { } chooser) break;
                var evidence = new List<Evidence> { new(task.Span.SpanId, task.Source, TaskQuote(task.Text, id)), new(declaring.Span.SpanId, other.Source, other.Name) };
                if (call.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
                return context.CreateFinding(this, chooser.Span, "Tool Selection Errors",
                    $"The task names {TaskQuote(task.Text, id)}, and {chooser.Span.Name} asked {call.Name} instead of {other.Name}, the tool offered for it, which was never called.",
                    evidence, 0.65) with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId, call.RespondedIn?.Span.SpanId }.OfType<string>().ToArray() };
            }
        }

        return null;
    }

    // The id with the words before it that say what it is ("asset tag LT-20931").
    private static string TaskQuote(string task, Fact id)
    {
        var start = id.Index;
        for (var words = 0; start > 0 && words < 3; words++)
        {
            var at = task.LastIndexOf(' ', Math.Max(0, start - 2));
            if (at < 0 || task.AsSpan(at, start - at).IndexOfAny(".,;:?!\n") >= 0) break;
            // A word that opens a bracket ("(asset tag LT-20931)") is the first one said of the id.
            if (task[at + 1] == '(')
            {
                start = at + 2;
                break;
            }

            start = at + 1;
        }

        return task[start..(id.Index + id.Written.Length)];
    }

    // The words (four letters or more, lower case) of the up to three words right before the id in its sentence.
    private static HashSet<string> KindWords(string task, int index)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var before = task[..index];
        var stop = before.LastIndexOfAny(['.', ',', ';', ':', '?', '!', '(', '\n']);
        var tail = before[(stop + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var w in tail.TakeLast(3))
        {
            var word = w.Trim('"', '\'', '#').ToLowerInvariant();
            if (word.Length >= 4 && word.All(char.IsLetter) && !NoKind.Contains(word)) words.Add(word);
        }

        return words;
    }

    // The words of a tool's name (lookupAssetWarranty, get_order_status), lower case.
    private static HashSet<string> ToolWords(string name)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetter(c) || (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1])))
            {
                if (current.Length > 0) words.Add(current.ToString().ToLowerInvariant());
                current.Clear();
            }

            if (char.IsLetter(c)) current.Append(c);
        }

        if (current.Length > 0) words.Add(current.ToString().ToLowerInvariant());
        return words;
    }

    // The letters an identifier starts with (PO of PO-77821, INC of INC0012345); null when it starts otherwise.
    private static string? Prefix(string id)
    {
        var n = 0;
        while (n < id.Length && char.IsAsciiLetterUpper(id[n])) n++;
        return n is >= 2 and <= 5 && n < id.Length && (id[n] == '-' || char.IsAsciiDigit(id[n])) ? id[..n] : null;
    }

    // Where a tool's declaration names identifiers of that form ("PO-nnnnn", "e.g. PO-12345", "INC/REQ number"), quoted.
    private static string? Declares(ToolDefinition tool, string prefix)
    {
        if (tool.Description is not { } text) return null;
        var m = Regex.Match(text, $@"\b{prefix}(?:-|\d|/[A-Z]+\b|\s+(?:number|no\.?|id)\b)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!m.Success) return null;
        // The words around it, within the line, as the declaration writes them.
        var start = text.LastIndexOfAny(['\n', '.', ';'], Math.Max(0, m.Index - 1)) + 1;
        var end = text.IndexOfAny(['\n', ';'], m.Index);
        return Quote.Cut(text[start..(end < 0 ? text.Length : end)].Trim(), 160);
    }
}
