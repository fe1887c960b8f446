using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool returned one page of a longer list (<c>"has_more": true</c>, a <c>next_page_token</c> or <c>next_cursor</c>, a
/// <c>total_count</c> above what the page holds) and the model call that read it went on without asking for the rest,
/// while the task is about the whole set ("how many", "all", "every"). The answer then counts or acts on part of it:
/// Poor Information Retrieval, cited at the call that stopped, quoting the field that said there was more.
/// </summary>
internal sealed partial class PartialPageDetector : IDetector
{
    public const string DetectorId = "partial-page";

    // A task about the whole set.
    [GeneratedRegex(@"\b(?:how many|all|every|each|everyone|everybody|total|count|full list|complete list|list (?:of )?(?:the |all )?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WholeSet();

    // A task that asks for the extreme of a set: "the longest single drive", "the highest score", "the earliest".
    [GeneratedRegex(@"\bthe (?:longest|shortest|largest|smallest|biggest|highest|lowest|tallest|deepest|heaviest|lightest|fastest|slowest|oldest|youngest|earliest|latest|most|fewest|least|greatest)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExtremeOfSet();

    // A page's own count of what it lists: "five drives", "Five TBMs - five drives", "12 members".
    [GeneratedRegex(@"\b(?<n>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+(?<noun>[a-z]{3,})s\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageCount();

    private static readonly string[] CountWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    private static readonly HashSet<string> MoreFlags = new(StringComparer.Ordinal) { "hasmore", "more", "truncated", "hasnextpage", "morepages", "incomplete" };

    private static readonly HashSet<string> NextKeys = new(StringComparer.Ordinal) { "nextpagetoken", "nextcursor", "nextpage", "next", "nextlink", "nextpageurl", "cursor", "continuationtoken", "odatanextlink" };

    private static readonly HashSet<string> TotalKeys = new(StringComparer.Ordinal) { "totalcount", "total", "totalresults", "totalitems", "count", "totalsize" };

    // A page's own fields: a total above the items is read only beside one (a "total" alone may be an amount of money).
    private static readonly HashSet<string> PageKeys = new(StringComparer.Ordinal) { "page", "pagesize", "perpage", "limit", "offset", "pagenumber", "pageindex", "pages", "totalpages" };

    public string Id => DetectorId;

    public int Priority => 58;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task) yield break;
        if (!WholeSet().IsMatch(task.Text))
        {
            // A task for the extreme of a set is about the whole set too, read only against a page's own count of it.
            if (context.Turns.IsMultiAgent && ExtremeOfSet().IsMatch(task.Text) && CountedShort(context) is { } short_) yield return short_;
            yield break;
        }

        var view = context.View;
        var calls = view.ToolCalls.Calls;
        foreach (var call in calls)
        {
            if (call.Result is not { } result || call.RespondedIn is not { } reader || !reader.IsModelCall || call.Name.Length == 0) continue;
            if (More(result.Text) is not { } more) continue;
            // Asked for the rest: the reader, or a later call, ran the same tool again.
            var rank = view.Rank(reader.Span);
            if (calls.Any(c => !ReferenceEquals(c, call) && c.Name == call.Name && c.OriginSpan is { } o && view.Rank(o) >= rank)) continue;
            yield return context.CreateFinding(this, reader.Span, "Poor Information Retrieval",
                $"{call.Name} returned one page of a longer list ({more}), and {reader.Span.Name} went on without asking for the rest.",
                [new Evidence(result.Span.SpanId, result.Source, more)], 0.65) with { Basis = AttributionBasis.Inference };
            yield break;
        }

        if (context.Turns.IsMultiAgent && (ShownPage(context) ?? FirstPageCounted(context) ?? ShownInPart(context) ?? SettledOnPage(context) ?? CountedShort(context)) is { } shown) yield return shown;
    }

    // A count standing alone: "4 sections", "20 grants" (not part of a figure, a date or an id).
    [GeneratedRegex(@"(?<![\w.,:/$£€-])\d{1,3}(?![\w.,:/%-]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex WholeCount();

    // A viewer's page of a longer document: "Viewport position: Showing page 1 of 2.", "Page 1 of 3".
    [GeneratedRegex(@"\b[Pp]age (?<page>\d{1,3}) of (?<pages>\d{1,3})\b", RegexOptions.CultureInvariant)]
    private static partial Regex PageOfPages();

    /// <summary>
    /// In a conversation: a worker shows page 1 of a longer document ("Showing page 1 of 2") and gives a count from it as
    /// the whole ("S04 (63), S09 (58), S13 (71) and S17 (52) - 4 sections in total"), and the run's final answer is that
    /// count: what the later pages held never reached it. The worker's turn is cited (Poor Information Retrieval), quoting
    /// the page and the claim.
    /// </summary>
    private Finding? FirstPageCounted(DetectionContext context)
    {
        var turns = context.Turns;
        if (AnswerTrail.Final(turns, context.Facts) is not { } final) return null;
        foreach (var t in turns.All)
        {
            if (!t.IsObservation || t.IsExecutionOutput || ReferenceEquals(t, final.Turn) || PageOfPages().Match(t.Text) is not { Success: true } m) continue;
            if (int.Parse(m.Groups["page"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) != 1 || int.Parse(m.Groups["pages"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) < 2) continue;
            // The worker's own words, before what the viewer shows.
            var own = t.Text[..m.Index];
            foreach (Match n in WholeCount().Matches(own))
            {
                // The count the sentence gives as the whole is the run's answer.
                if (final.Value?.Trim() != n.Value && WholeWords.Find(final.Text, n.Value) < 0) continue;
                var claim = ClaimsWhole(own, int.Parse(n.Value, System.Globalization.CultureInfo.InvariantCulture));
                if (claim is null) continue;
                return context.CreateFinding(this, t.Span, "Poor Information Retrieval",
                    $"{t.Agent ?? t.Span.Name} read page 1 of a longer document (\"{m.Value}\") and gave its count as the whole (\"{claim}\"); the run answered with it.",
                    [new Evidence(t.Span.SpanId, t.Source, m.Value), new Evidence(t.Span.SpanId, t.Source, claim)], 0.6) with { Basis = AttributionBasis.Inference };
            }
        }

        return null;
    }

    /// <summary>
    /// In a conversation: a worker showed a page from the top with more of it below the viewport, the page says how many
    /// of a thing it lists ("Five TBMs - five drives"), and the worker's closing words list fewer of them ("- Drive A ...",
    /// "- Drive B ...", "- Drive C ...") and answer from those. The rest of the list lay below what was shown: the worker's
    /// turn is cited (Poor Information Retrieval), quoting the viewport, the page's count and the list's last item. A
    /// closing that lists as many as the page counts, or a page shown whole, is no finding.
    /// </summary>
    private Finding? CountedShort(DetectionContext context)
    {
        foreach (var t in context.Turns.All)
        {
            if (!t.IsObservation || t.IsExecutionOutput || Viewport().Match(t.Text) is not { Success: true } m) continue;
            if (!int.TryParse(m.Groups["percent"].Value, System.Globalization.CultureInfo.InvariantCulture, out var percent) || !MoreBelow(t.Text, percent)) continue;
            var closing = AnswerTrail.SurferClosing(t.Text);
            if (closing.Length == 0) continue;
            var page = t.Text[..t.Text.LastIndexOf(closing, StringComparison.Ordinal)];
            var items = closing.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 2 && l[0] is '-' or '*' or '•' && l[1] == ' ').ToList();
            if (items.Count == 0) continue;
            foreach (Match c in PageCount().Matches(page))
            {
                var word = c.Groups["n"].Value.ToLowerInvariant();
                var n = Array.IndexOf(CountWords, word) is >= 0 and var w ? w : int.TryParse(word, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : 0;
                var noun = c.Groups["noun"].Value;
                var listed = items.Where(l => WholeWords.Find(l, noun, StringComparison.OrdinalIgnoreCase) >= 0).ToList();
                if (n < 2 || listed.Count == 0 || listed.Count >= n) continue;
                return context.CreateFinding(this, t.Span, "Poor Information Retrieval",
                    $"{t.Agent ?? t.Span.Name} showed part of the page (\"{m.Value}\"), which counts {c.Value}, and answered from the {listed.Count} it listed.",
                    [new Evidence(t.Span.SpanId, t.Source, m.Value), new Evidence(t.Span.SpanId, t.Source, c.Value), new Evidence(t.Span.SpanId, t.Source, listed[^1])], 0.6)
                    with { Basis = AttributionBasis.Inference };
            }
        }

        return null;
    }

    // A browsing agent's account of how much of the page its screenshot holds: "The viewport shows 38% of the webpage".
    // A file-reading agent says the same of a document: "The viewport shows 45% of the document".
    [GeneratedRegex(@"\bThe viewport shows (?<percent>\d{1,3})% of the (?:webpage|document|file)", RegexOptions.CultureInvariant)]
    private static partial Regex Viewport();

    [GeneratedRegex(@"\bhow many\b|\bnumber of\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HowMany();

    // Where the viewport stands: at the top of the page, or so far down from it.
    [GeneratedRegex(@"\bpositioned (?:at the (?<top>top)|(?<down>\d{1,3})% down from the top) of the (?:webpage|page|document|file)", RegexOptions.CultureInvariant)]
    private static partial Regex Position();

    // A count of things: "4 towns", "4 formal twin towns", "3 of the church's windows".
    [GeneratedRegex(@"(?<![\d.,])(?<n>\d{1,4})\s+(?:[a-z'’-]+\s+){0,3}[a-z]+s\b", RegexOptions.CultureInvariant)]
    private static partial Regex Counted();

    // The page goes on below what the viewport shows.
    private static bool MoreBelow(string text, int percent)
    {
        if (Position().Match(text) is not { Success: true } at) return false;
        var down = at.Groups["top"].Success ? 0 : int.Parse(at.Groups["down"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return down + percent < 100;
    }

    // The sentence of the closing words that counts the answer's figure of things ("... is formally twinned with 4 towns.").
    private static string? CountStated(string closing, int count)
    {
        foreach (Match c in Counted().Matches(closing))
        {
            if (int.Parse(c.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) != count) continue;
            // The sentence around it, across the line breaks a surfer wraps its words with.
            var start = closing.LastIndexOf(". ", c.Index, StringComparison.Ordinal);
            var end = closing.IndexOf('.', c.Index + c.Length);
            return closing[(start < 0 ? 0 : start + 2)..(end < 0 ? closing.Length : end + 1)].Trim();
        }

        return null;
    }

    // A coordinator's progress ledger that declares the request satisfied.
    [GeneratedRegex(@"""is_request_satisfied""\s*:\s*\{[^{}]*?""answer""\s*:\s*true", RegexOptions.CultureInvariant)]
    internal static partial Regex DeclaredSatisfied();

    // A progress ledger's next speaker.
    [GeneratedRegex(@"""next_speaker""\s*:\s*\{[^{}]*?""answer""\s*:\s*""([^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex NextSpeaker();

    // Words that take a list as had in full.
    [GeneratedRegex(@"\b(?:have|has) (?:been )?(?:retrieved|obtained|collected|gathered|extracted|listed)\b|\ball that remains\b|\bwe (?:now )?have (?:the|all)(?: of the)? (?:full |complete |whole )?(?:list|winners|entries|results|names|rows)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Obtained();

    // A worker's claim to have read a list whole: "I have reached the end of the list", "The complete table of seasons is
    // visible", "I have read the table", "These are all the campaigns listed in the report".
    [GeneratedRegex(@"\b(?:reached the (?:end|bottom) of the (?:list|page|results|directory)|(?:the|a) (?:full|complete|whole|entire) (?:[a-z-]+ ){0,2}(?:list|table|set of (?:rows|results)|results|directory)|I have read (?:the|all of the) (?:full |complete |whole |entire )?(?:list|table|document|file)\b|\b(?:these|those|this|that) (?:are|is|were|was) all (?:of )?the (?:[a-z-]+ ){0,2}[a-z]+s\b)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WholeClaimed();

    // A step that says it went by a list: "the operator's list of stops", "counting them", "all the entries".
    [GeneratedRegex(@"\b(?:list|listed|lists|listing|count|counting|counted|all (?:of )?the|every)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ByList();

    /// <summary>
    /// In a conversation: a worker showed part of a page (its viewport holds less than the whole webpage) and the next
    /// step that reasoned on it declared the request satisfied by the list it saw ("counting them answers the request"),
    /// before anyone scrolled on, while the task is about the whole set. What lay below the viewport was never read: the
    /// declaring step is cited. A step satisfied by a figure it read, or by a guess, went by no list. So is a coordinator's
    /// ledger that takes the list as had ("The 1980s winners have been retrieved") and names another agent to speak next.
    /// </summary>
    private Finding? ShownInPart(DetectionContext context)
    {
        var all = context.Turns.All;
        // The run's answer, when the task asks how many and the answer is a whole number.
        int? answered = context.Turns.Task is { } task && HowMany().IsMatch(task.Text) && AnswerTrail.Final(context.Turns, context.Facts)?.Value is { } value
                        && int.TryParse(value.Trim().TrimEnd('.'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        for (var i = 0; i < all.Count; i++)
        {
            var t = all[i];
            if (!t.IsObservation || t.IsExecutionOutput || Viewport().Match(t.Text) is not { Success: true } m) continue;
            if (!int.TryParse(m.Groups["percent"].Value, System.Globalization.CultureInfo.InvariantCulture, out var percent) || percent >= 100) continue;
            // The worker itself said, in its own words below the page, that it had the whole list ("I have reached the end
            // of the list. In total the directory lists 20 ..."): the others took its word.
            if ((AnswerTrail.SurferReading(t.Text) is { Length: > 0 } reading ? reading : AnswerTrail.SurferClosing(t.Text)) is { Length: > 0 } own
                && WholeClaimed().Match(own) is { Success: true } claimed)
            {
                return context.CreateFinding(this, t.Span, "Poor Information Retrieval",
                    $"{t.Agent ?? t.Span.Name} showed part of the page (\"{m.Value}\") and said it had the whole list (\"{claimed.Value}\").",
                    [new Evidence(t.Span.SpanId, t.Source, m.Value), new Evidence(t.Span.SpanId, t.Source, Requests.Sentence(own, claimed.Index).Trim())], 0.6) with { Basis = AttributionBasis.Inference };
            }

            // Or said so in a turn of its own after it, before it showed another page ("That is the complete county table").
            for (var k = i + 1; k < all.Count && t.Agent is not null; k++)
            {
                var sameWorker = all[k];
                if (!string.Equals(sameWorker.Agent, t.Agent, StringComparison.Ordinal)) continue;
                if (Viewport().IsMatch(sameWorker.Text)) break;
                if (WholeClaimed().Match(sameWorker.Text) is not { Success: true } said) continue;
                return context.CreateFinding(this, sameWorker.Span, "Poor Information Retrieval",
                    $"{t.Agent} showed part of the page (\"{m.Value}\") and then said it had the whole list (\"{said.Value}\").",
                    [new Evidence(t.Span.SpanId, t.Source, m.Value), new Evidence(sameWorker.Span.SpanId, sameWorker.Source, Requests.Sentence(sameWorker.Text, said.Index).Trim())], 0.6) with { Basis = AttributionBasis.Inference };
            }

            // Or counted what it saw into the run's answer in its closing words ("Marrowby is formally twinned with 4
            // towns"), from a page shown from the top with more of it below, for a task that asks how many.
            if (answered is { } count && MoreBelow(t.Text, percent) && AnswerTrail.SurferClosing(t.Text) is { Length: > 0 } closing
                && CountStated(closing, count) is { } stated)
            {
                return context.CreateFinding(this, t.Span, "Poor Information Retrieval",
                    $"{t.Agent ?? t.Span.Name} showed part of the page (\"{m.Value}\") and counted what it saw as the whole (\"{stated.ReplaceLineEndings(" ")}\"), the figure the run answered.",
                    [new Evidence(t.Span.SpanId, t.Source, m.Value), new Evidence(t.Span.SpanId, t.Source, stated)], 0.6) with { Basis = AttributionBasis.Inference };
            }

            var reader = all.Skip(i + 1).FirstOrDefault(r => !r.IsObservation && !AgentTurns.NextSpeakerNote(r));
            if (reader is null) continue;
            if (DeclaredSatisfied().Match(reader.Text) is { Success: true } declared && ByList().IsMatch(declared.Value))
            {
                return context.CreateFinding(this, reader.Span, "Poor Information Retrieval",
                    $"{t.Agent ?? t.Span.Name} showed part of the page (\"{m.Value}\"), and {reader.Agent ?? reader.Span.Name} declared the request satisfied before the rest was read.",
                    [new Evidence(t.Span.SpanId, t.Source, m.Value), new Evidence(reader.Span.SpanId, reader.Source, declared.Value)], 0.6) with { Basis = AttributionBasis.Inference };
            }

            // The list taken as had in full ("The 1980s winners have been retrieved") and the work handed to another agent.
            if (t.Agent is { } shower && NextSpeaker().Match(reader.Text) is { Success: true } next && next.Groups[1].Value != shower && Obtained().Match(reader.Text) is { Success: true } obtained)
            {
                return context.CreateFinding(this, reader.Span, "Poor Information Retrieval",
                    $"{shower} showed part of the page (\"{m.Value}\"), and {reader.Agent ?? reader.Span.Name} took the list as had (\"{obtained.Value}\") and handed the work to {next.Groups[1].Value} before the rest was read.",
                    [new Evidence(t.Span.SpanId, t.Source, m.Value), new Evidence(reader.Span.SpanId, reader.Source, Requests.Sentence(reader.Text, obtained.Index).Trim())], 0.6) with { Basis = AttributionBasis.Inference };
            }
        }

        return null;
    }

    // A page of a longer list as a site writes it: "Showing 1 to 25 of 41 grants", "Results 1-20 of 132", "Showing entries 1-7 of 16",
    // "Showing lots 1-40 of 63".
    [GeneratedRegex(@"\b(?:Showing|Displaying|Results?|Viewing)\s+(?:[A-Za-z]{3,}\s+)?(?<from>\d[\d,]*)\s*(?:to|-|–)\s*(?<to>\d[\d,]*)\s+of\s+(?:about\s+)?(?<total>\d[\d,]*)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageOfList();

    /// <summary>
    /// In a conversation: a worker showed one page of a longer list ("Showing 1 to 25 of 41 grants"), no later page was
    /// ever shown, and the next step that reasoned on it went on as if the list were whole. That step is cited.
    /// </summary>
    private Finding? ShownPage(DetectionContext context)
    {
        var all = context.Turns.All;
        for (var i = 0; i < all.Count; i++)
        {
            var t = all[i];
            if (!t.IsObservation || t.IsExecutionOutput || PageOfList().Match(t.Text) is not { Success: true } m) continue;
            if (!int.TryParse(m.Groups["to"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var to)
                || !int.TryParse(m.Groups["total"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var total) || to >= total) continue;
            // A later page shown: the rest was asked for. A list narrowed later (filters applied, a smaller total) replaces
            // this one: the pages of that list are what the team read.
            var later = false;
            for (var j = i + 1; j < all.Count && !later; j++)
            {
                if (all[j].IsObservation && PageOfList().Match(all[j].Text) is { Success: true } next
                    && int.TryParse(next.Groups["from"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var from)
                    && (from > to || (int.TryParse(next.Groups["total"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var narrowed) && narrowed < total)))
                {
                    later = true;
                }
            }

            if (later) continue;
            // A worker that gives the page's count as the whole ("In total, 20 grants were awarded") made the mistake itself.
            var shown = to - (int.TryParse(m.Groups["from"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var first) ? first : 1) + 1;
            if (ClaimsWhole(t.Text, shown) is { } claim)
            {
                return context.CreateFinding(this, t.Span, "Poor Information Retrieval",
                    $"{t.Agent ?? t.Span.Name} showed one page of a longer list (\"{m.Value}\") and gave what it counted there as the whole (\"{claim}\"); no later page was shown.",
                    [new Evidence(t.Span.SpanId, t.Source, m.Value), new Evidence(t.Span.SpanId, t.Source, claim)], 0.6) with { Basis = AttributionBasis.Inference };
            }

            var reader = all.Skip(i + 1).FirstOrDefault(r => !r.IsObservation && !AgentTurns.NextSpeakerNote(r));
            if (reader is null) return null;
            if (AsksWhole().IsMatch(reader.Text))
            {
                // The step asked for the whole list (its export, all of its entries): it did not go on as if the page were
                // whole. A script that later counted the page's rows alone did ("Entries parsed: 25" of 61).
                var rows = shown.ToString(System.Globalization.CultureInfo.InvariantCulture);
                string? line = null;
                var counted = all.Skip(reader.Position + 1).FirstOrDefault(x => x.IsExecutionOutput && (line = RowsCounted().Matches(x.Text).FirstOrDefault(c => c.Groups["n"].Value == rows)?.Value) is not null);
                if (counted is null || line is null || context.Turns.CodeAuthor(counted) is not { } author) return null;
                return context.CreateFinding(this, author.Span, "Poor Information Retrieval",
                    $"{t.Agent ?? t.Span.Name} showed one page of a longer list (\"{m.Value}\"), {reader.Agent ?? reader.Span.Name} asked for the whole list, and {author.Agent ?? author.Span.Name}'s script counted the page's rows alone (\"{line}\").",
                    [new Evidence(t.Span.SpanId, t.Source, m.Value), new Evidence(counted.Span.SpanId, counted.Source, line)], 0.6) with { Basis = AttributionBasis.Inference, Explains = [counted.Span.SpanId] };
            }

            return context.CreateFinding(this, reader.Span, "Poor Information Retrieval",
                $"{t.Agent ?? t.Span.Name} showed one page of a longer list (\"{m.Value}\"), no later page was shown, and {reader.Agent ?? reader.Span.Name} went on without asking for the rest.",
                [new Evidence(t.Span.SpanId, t.Source, m.Value), new Evidence(reader.Span.SpanId, reader.Source, ErrorText.LineAround(reader.Text, 0))], 0.6) with { Basis = AttributionBasis.Inference };
        }

        return null;
    }

    // A step that asks for the whole list: its export or download, or to count (fetch, read) all of its entries. (A step
    // that says the whole list is on screen claims it, and asks for nothing.)
    [GeneratedRegex(@"\b(?:export|download|(?:count|fetch|get|read|parse|scrape|collect|process|go through|list)\s+(?:all|every)\s+(?:the\s+|of\s+the\s+)?(?:entries|entry|rows?|records?|items?|pages?|results?))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsksWhole();

    // A printout's count of what it read: "Entries parsed: 25", "rows = 25", "Records found: 25".
    [GeneratedRegex(@"\b(?:entries|rows|records|items|results)(?: parsed| read| found| loaded)?\s*[:=]\s*(?<n>\d+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RowsCounted();

    // A sentence that gives a count as the whole: "In total, 20 grants were awarded", "20 in all", "altogether 20".
    [GeneratedRegex(@"\b(?:in total|in all|altogether|overall|a total of|total of|total)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    // The sentence of a worker's report that gives the count as the whole: the page's own count, a claim to have the whole
    // list, or a count of things found on it ("so 4 sextants in total"), no more than the page holds; null when none does.
    private static string? ClaimsWhole(string text, int count)
    {
        var written = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var at = WholeWords.Find(text, written); at >= 0; at = WholeWords.Find(text, written, at + written.Length))
        {
            var sentence = Requests.Sentence(text, at).Trim();
            if (Whole().IsMatch(sentence) && !sentence.Contains(" of ", StringComparison.Ordinal)) return sentence;
        }

        // "This is the complete sample list for the site": the page read as the whole list.
        if (WholeClaimed().Match(text) is { Success: true } whole) return Requests.Sentence(text, whole.Index).Trim();
        for (var m = Whole().Match(text); m.Success; m = m.NextMatch())
        {
            var sentence = Requests.Sentence(text, m.Index).Trim();
            if (sentence.Contains(" of ", StringComparison.Ordinal)) continue;
            foreach (Match c in CountOfThings().Matches(sentence))
            {
                if (int.TryParse(c.Groups["n"].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 && n <= count) return sentence;
            }
        }

        return null;
    }

    // A count of things: "4 sextants", "12 entries".
    [GeneratedRegex(@"(?<![\w.,£$€-])(?<n>\d{1,4})\s+[a-z]{3,}s\b", RegexOptions.CultureInvariant)]
    private static partial Regex CountOfThings();

    // A printout's total of a longer list: "count: 41", "total_results = 132", "total: 41".
    [GeneratedRegex(@"(?<![\w.])(?:count|total(?:[ _](?:count|results|items|matches))?|matches|hits)\s*[:=]\s*(?<total>\d[\d,]*)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrintedTotal();

    // A printout of one page of it: a next page's link or number, or a count "on this page".
    [GeneratedRegex(@"\bnext\s*[:=]\s*\S|\bpage\s*=?\s*2\b|\bon this page\b|\bper page\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrintedPage();

    /// <summary>
    /// In a conversation: a program's printout gave a list's total ("count: 41") beside one page of it (32 results, a next
    /// page's link), and the run answers with the page's count, below the total. The first step after the printout that
    /// states the page's count in words of its own, writing no code to fetch more, settled on part of the list: it is
    /// cited (Poor Information Retrieval), quoting the total and its statement. The code that printed the page only
    /// printed it: the finding explains the printout and its author.
    /// </summary>
    private Finding? SettledOnPage(DetectionContext context)
    {
        var turns = context.Turns;
        var facts = context.Facts;
        if (AnswerTrail.Final(turns, facts) is not { } final || final.Value is not { Length: > 0 } value) return null;
        var answer = facts.FactsOf(value).Where(f => f.Kind == FactKind.Number && f.Value == decimal.Truncate(f.Value) && f.Value > 0).ToList();
        if (answer.Count != 1) return null;
        var n = answer[0];
        var all = turns.All;
        for (var i = 0; i < all.Count; i++)
        {
            var t = all[i];
            if (!t.IsExecutionOutput || !PrintedPage().IsMatch(t.Text) || !facts.States(t.Text, n)) continue;
            foreach (Match m in PrintedTotal().Matches(t.Text))
            {
                if (!decimal.TryParse(m.Groups["total"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var total) || total <= n.Value) continue;
                if (facts.FactsOf(value).Exists(f => f.Kind == FactKind.Number && f.Value == total)) continue;
                var settled = all.Skip(i + 1).FirstOrDefault(r => !r.IsObservation && !r.IsExecutionOutput && !r.Text.Contains("```", StringComparison.Ordinal) && !AgentTurns.NextSpeakerNote(r) && facts.States(r.Text, n));
                if (settled is null) return null;
                var at = facts.FactsOf(settled.Text).FirstOrDefault(f => f.Kind == FactKind.Number && f.Value == n.Value);
                return context.CreateFinding(this, settled.Span, "Poor Information Retrieval",
                    $"{t.Agent ?? t.Span.Name} printed a total of {m.Groups["total"].Value} beside one page of {n.Written}, and {settled.Agent ?? settled.Span.Name} settled on the page's {n.Written} without the rest; the run answers {n.Written}.",
                    [new Evidence(t.Span.SpanId, t.Source, m.Value), new Evidence(settled.Span.SpanId, settled.Source, at is null ? ErrorText.LineAround(settled.Text, 0) : Requests.Sentence(settled.Text, at.Index))], 0.6)
                    with { Basis = AttributionBasis.Inference, Explains = new[] { turns.CodeAuthor(t)?.Span.SpanId, t.Span.SpanId }.OfType<string>().ToArray() };
            }
        }

        return null;
    }

    // The field of a JSON result that says it holds only part of the list, as written; null when it says no such thing.
    private static string? More(string text)
    {
        var t = text.AsSpan().TrimStart();
        if (t.Length == 0 || t[0] != '{') return null;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            int? total = null;
            string? totalWritten = null;
            var items = 0;
            var paged = false;
            foreach (var p in root.EnumerateObject())
            {
                var key = JsonProperties.Key(p.Name);
                if (PageKeys.Contains(key)) paged = true;
                if (MoreFlags.Contains(key) && p.Value.ValueKind == JsonValueKind.True) return JsonProperties.Written(text, p) ?? p.Name;
                if (NextKeys.Contains(key) && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length > 0) return JsonProperties.Written(text, p) ?? p.Name;
                if (TotalKeys.Contains(key) && p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var n))
                {
                    total = n;
                    totalWritten = JsonProperties.Written(text, p);
                }

                if (p.Value.ValueKind == JsonValueKind.Array) items = Math.Max(items, p.Value.GetArrayLength());
            }

            return paged && total is { } all && items > 0 && all > items ? totalWritten : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
