using TraceRegress.GenAi;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine;

/// <summary>
/// Picks the root cause among findings: order them causally, take the failure observed last (the one the trace
/// ends with), and cite the earliest finding from which that failure can be reached — tool calls, data and
/// containment lead from cause to symptom. Findings below the confidence floor are cited only when nothing
/// surer was found. Every tie is broken by fixed rules, so the result never depends on span order in the file.
/// </summary>
internal static class RootCause
{
    internal sealed record Placed(Span Span, Finding Finding, int Rank, int Priority, bool Recovered = false);

    // A finding of what the agents say about the work (DetectorStanding.AgentReport): never above an explicit error.
    private static bool Soft(DetectionContext context, Placed p) => context.StandingOf(p.Finding.Detector) == DetectorStanding.AgentReport;

    /// <summary>
    /// The placed finding a finding was merged into: <see cref="Order"/> keeps one finding per span and category, the
    /// surer, so a finding looked up after ordering may be placed as that one. Null when neither is placed.
    /// </summary>
    private static Placed? MergedInto(List<Placed> placed, Finding f) =>
        placed.FirstOrDefault(p => p.Finding.Span.SpanId == f.Span.SpanId && p.Finding.Category.L4 == f.Category.L4);

    public static List<Placed> Order(DetectionContext context, IEnumerable<Finding> findings)
    {
        var view = context.View;
        var recovered = context.Recovered;
        var best = new Dictionary<(int, string), Placed>();
        foreach (var found in findings)
        {
            if (Resolve(context.Trace, found.Span) is not { } span) continue;
            var finding = recovered[span.Index] is { } tool && found.Confidence > RecoveredToolCalls.DemotedConfidence
                ? found with { Confidence = RecoveredToolCalls.DemotedConfidence, Summary = $"{found.Summary} The agent recovered: a later call to {tool} succeeded." }
                : found;
            var placed = new Placed(span, finding, view.Rank(span), context.PriorityOf(finding.Detector), !ReferenceEquals(finding, found));
            var key = (span.Index, finding.Category.L4);
            if (!best.TryGetValue(key, out var existing) || Compare(placed, existing) < 0) best[key] = placed;
        }

        var ordered = best.Values.ToList();
        ordered.Sort(Compare);
        return ordered;
    }

    public static Attribution Select(DetectionContext context, IEnumerable<Finding> findings)
    {
        var result = SelectCited(context, findings);
        var warnings = context.Trace.Warnings.Select(w => w.ToString()).ToArray();
        return warnings.Length > 0 ? result.WithWarnings(warnings) : result;
    }

    private static Attribution SelectCited(DetectionContext context, IEnumerable<Finding> found)
    {
        var all = found.ToList();
        var request = context.Request;
        Finding? expected = null;
        if (!string.IsNullOrWhiteSpace(request.ExpectedAnswer) && context.Trace.Spans.Count > 0)
        {
            expected = AnswerTrail.Expected(context, request.ExpectedAnswer);
            if (expected is not null) all.Add(expected);
        }

        var placed = Order(context, all);
        var min = context.Options.MinimumConfidence;
        var turns = context.Turns;
        // In a conversation, a failed code run the team got past is no error the run ended on (unless its answer is a guess).
        var pastCodeErrors = turns.IsMultiAgent && placed.Exists(p => p.Finding.Detector == "code-execution-error") && AnswerTrail.Final(turns, context.Facts) is { Hedged: false };
        var hard = placed.Where(p => p.Finding.Confidence >= min && !Soft(context, p)
                                     && p.Finding.Basis == AttributionBasis.ErrorEvidence
                                     && !(pastCodeErrors && p.Finding.Detector == "code-execution-error")).ToList();

        Placed? cited = null;
        // The causal graph of the placed findings: built once, and again only if the findings placed change.
        CausalGraph? graph = null;
        List<Placed>? graphOf = null;
        if (turns.IsMultiAgent && hard.Count == 0)
        {
            // Where the final answer's content entered, as a candidate beside what the agents say about the work.
            Finding? provenance = null;
            if (expected is null && !request.PassingRun)
            {
                provenance = AnswerTrail.Provenance(context);
                if (provenance is not null)
                {
                    all.Add(provenance);
                    placed = Order(context, all);
                }
            }

            cited = Conversation(context, placed, expected ?? provenance);
        }
        else
        {
            var eligible = placed.Where(p => p.Finding.Confidence >= min && p.Finding.Basis != AttributionBasis.Inference && !Soft(context, p)).ToList();
            if (eligible.Count > 0)
            {
                var terminal = eligible[0];
                foreach (var p in eligible)
                {
                    if (p.Rank > terminal.Rank) terminal = p;
                }

                graph = new CausalGraph(context, placed.Select(p => (p.Span, p.Finding)));
                graphOf = placed;
                var reach = graph.CanReach(terminal.Span);
                cited = eligible.First(p => reach[p.Span.Index]);
            }
            else
            {
                cited = placed.FirstOrDefault(p => context.StandingOf(p.Finding.Detector) != DetectorStanding.Evidence && p.Finding.Confidence >= min);
            }
        }

        // Below the floor only: an error signal too weak to stand alone is still better than an inferred origin. Not an
        // error the agent recovered from: a later call succeeded, so it does not explain how the run ended.
        if (cited is null && placed.FirstOrDefault(p => p.Finding.Basis != AttributionBasis.Inference && !p.Recovered) is { } weak) cited = weak;

        if (cited is null)
        {
            if (request.PassingRun || context.Trace.Spans.Count == 0) return Attribution.NoFailure(context.Trace.TraceId);
            var inferred = AnswerTrail.Provenance(context) ?? (context.Turns.IsMultiAgent ? null : AnswerTrail.Answerer(context)) ?? AnswerTrail.FirstStep(context) ?? RootSpan(context);
            if (inferred is null) return Attribution.NoFailure(context.Trace.TraceId);
            placed = Order(context, all.Append(inferred));
            // A finding of the same category on the same span stands for the inferred one (kept once per span and category).
            cited = placed.FirstOrDefault(p => ReferenceEquals(p.Finding, inferred) || (p.Finding.Detector == inferred.Detector && p.Finding.Span == inferred.Span))
                    ?? MergedInto(placed, inferred) ?? throw new InvalidOperationException("The inferred origin was not placed.");
        }

        // Cause before symptom: a finding that explains the cited span (malformed arguments behind a tool's failure,
        // a truncated answer behind a parser's) is cited instead.
        var explaining = placed.FirstOrDefault(p => !ReferenceEquals(p, cited) && p.Finding.Explains.Contains(cited.Span.SpanId)
                                                    && p.Finding.Confidence >= Math.Min(min, cited.Finding.Confidence) && !Soft(context, p));
        if (explaining is not null) cited = explaining;
        // The answer's content entered in what a worker (or a search) returned for an instruction or query that dropped a
        // qualifier of the task (non-stop, refundable): it answered the narrower request it was given.
        else if (cited.Finding.Detector == AnswerTrail.DetectorId
                 && placed.FirstOrDefault(p => Detectors.DroppedQualifierDetector.Contradicted(p.Finding)
                                               && (p.Finding.Explains.Contains(cited.Span.SpanId) || Inside(cited.Span, p.Finding.Explains))) is { } narrowed)
        {
            cited = narrowed;
        }
        // The answer's value entered inside work delegated with a question that dropped a constraint of the task (a
        // sub-agent called as a tool answered the question it was given): the delegation is where the run went wrong.
        else if (cited.Finding.Detector == AnswerTrail.DetectorId
                 && placed.FirstOrDefault(p => p.Finding.Detector == "dropped-constraint" && p.Finding.Confidence >= min && Inside(cited.Span, p.Finding.Explains)) is { } delegation)
        {
            cited = delegation;
        }

        // At the same span, a finding read with more confidence than the cited one says better what went wrong there (a
        // summary that dropped the constraint a later pick breaks, beside a year it wrote that nothing stated; a wrong
        // factor at the step where the final answer's figure entered).
        else if (placed.FirstOrDefault(p => p.Span == cited.Span && p.Finding.Confidence > cited.Finding.Confidence && p.Finding.Confidence >= min && !Soft(context, p)
                                            && p.Finding.Basis == AttributionBasis.Inference
                                            && (cited.Finding.Basis == AttributionBasis.UngroundedContent || cited.Finding.Detector == AnswerTrail.DetectorId)) is { } surer)
        {
            cited = surer;
        }
        // An invented value written inside what another finding at the same span reports (a date in the arguments of an
        // action nobody asked for): that finding is the mistake, and the value part of it. (A claim of a tool's result is
        // no invented value: it stands.)
        else if (cited.Finding.Basis == AttributionBasis.UngroundedContent && cited.Finding.Category.L4 == "Language-only hallucination"
                 && placed.FirstOrDefault(p => p.Span == cited.Span && !ReferenceEquals(p, cited) && p.Finding.Basis == AttributionBasis.Inference && p.Finding.Confidence >= min && !Soft(context, p)
                                               && cited.Finding.Evidence.All(e => e.Quote.Length == 0 || p.Finding.Evidence.Any(q => q.Quote.Length > e.Quote.Length && q.Quote.Contains(e.Quote, StringComparison.Ordinal)))) is { } carrier)
        {
            cited = carrier;
        }
        // A query that leaves out what the task names, sent to a tool other than the one offered for that very value:
        // the choice of tool is the mistake, and the query only shows it (a knowledge-base search has no place for an
        // asset tag that the asset lookup takes).
        else if (cited.Finding.Detector == "dropped-constraint"
                 && placed.FirstOrDefault(p => p.Finding.Detector == Detectors.WrongToolDetector.DetectorId && p.Span == cited.Span && p.Finding.Confidence >= min
                                               && cited.Finding.Evidence.Any(e => e.Quote.Length > 0 && p.Finding.Summary.Contains(e.Quote, StringComparison.Ordinal))) is { } chosen)
        {
            cited = chosen;
        }

        // A query that left out a term of the task, run by a retrieval that returned another case's documents: the query
        // named the case, the retrieval did not find it (the listing's own head lease missed, another address's rules
        // returned). The retrieval is where the run went wrong.
        if (cited.Finding.Detector == "dropped-constraint"
            && placed.FirstOrDefault(p => p.Finding.Detector == Detectors.OffScopeDocumentsDetector.DetectorId && p.Finding.Confidence >= min
                                          && (cited.Finding.Explains.Contains(p.Span.SpanId) || Inside(p.Span, cited.Finding.Explains))) is { } offScope)
        {
            cited = offScope;
        }

        if (graph is null || !ReferenceEquals(graphOf, placed)) graph = new CausalGraph(context, placed.Select(p => (p.Span, p.Finding)));
        var withFindings = new HashSet<int>(placed.Select(p => p.Span.Index));
        var chain = graph.PathToSymptom(cited.Span, s => withFindings.Contains(s.Index), cited.Finding.Evidence.Select(e => e.Quote).ToArray());
        var summary = chain.Count > 1 ? $"{cited.Finding.Summary} It shows at {chain[^1].Path}." : cited.Finding.Summary;
        var others = placed.Where(p => !ReferenceEquals(p, cited)).Select(p => p.Finding).ToArray();
        return new Attribution(
            context.Trace.TraceId,
            CitedSpan.Of(cited.Span),
            cited.Finding.Category,
            cited.Finding.Evidence,
            chain.Select(s => s.SpanId).ToArray(),
            cited.Finding.Confidence,
            summary,
            cited.Finding.Detector,
            others,
            cited.Finding.Basis);
    }

    /// <summary>
    /// A multi-agent run with no explicit error. The right value lost (expected answer) first. Then where the wrong
    /// content entered: the final answer's value (the expected answer's comparison, or without one its provenance), an
    /// invented fact that reached the final answer, a turn that goes on with data it made up, a turn that misread an
    /// extreme; the earliest of these, as the decisive mistake is the earliest step whose correction would have changed
    /// the answer (a misread extreme wins over the page it misread). A report that the work stalled (a progress ledger,
    /// a worker giving up, a repeated action) wins when the answer admits it is a guess made after the team got stuck,
    /// or names the same step; with nothing entered it is cited, before a delegation that dropped a constraint.
    /// </summary>
    /// <summary>
    /// Detectors of a step that put the team's work on a wrong basis: part of a list, the wrong file, a unit the data do
    /// not use, a conversion made the wrong way round, times left in UTC, a bound left out, a join that doubled rows, a namesake's page in another place, another edition of the document the task names, a loop that stops before the task's last year, a UTC offset no source gives, a value remembered against what the sources say, a plan without the task's rule for counting, a value taken from a sentence that matches the task less than another, a row taken in place of the one the task names, a question restated without the category it counts, a period given a span its sources give otherwise, a run of years shifted off the one the task counts from, a substring filter that also keeps a category the data lists apart, a column read where the data has a sibling the task names. What was worked out from
    /// there carried it, so the step is cited before the turn where the answer's value entered.
    /// </summary>
    private static readonly HashSet<string> WrongBasis = new(StringComparer.Ordinal)
    {
        Detectors.PartialPageDetector.DetectorId, Detectors.WrongFileDetector.DetectorId, Detectors.AssumedUnitDetector.DetectorId,
        Detectors.InvertedConversionDetector.DetectorId, Detectors.LocalizedNotConvertedDetector.DetectorId, Detectors.StrictBoundaryDetector.DetectorId,
        Detectors.MergeGrewRowsDetector.DetectorId, Detectors.OtherPlaceDetector.DetectorId, Detectors.WrongEditionDetector.DetectorId,
        Detectors.ExclusiveRangeDetector.DetectorId, Detectors.WrongLinkDetector.DetectorId, Detectors.RedefinedPeriodDetector.DetectorId,
        Detectors.WrongOffsetDetector.DetectorId, Detectors.MemoryOverEvidenceDetector.DetectorId,
        Detectors.DroppedCountRuleDetector.DetectorId, Detectors.CloserSentenceDetector.DetectorId, Detectors.PassedOverRowDetector.DetectorId,
        Detectors.DroppedFilterDetector.DetectorId, Detectors.AssumedPeriodDetector.DetectorId, Detectors.YearWindowDetector.DetectorId,
        Detectors.CodedCategoryDetector.DetectorId, Detectors.SupersededFileDetector.DetectorId, Detectors.SubstringFilterDetector.DetectorId, Detectors.ExactFilterDetector.DetectorId,
        Detectors.PercentagePointsDetector.DetectorId, Detectors.OlderResultDetector.DetectorId, Detectors.SiblingColumnDetector.DetectorId,
        Detectors.RedefinedMeasureDetector.DetectorId,
    };

    // A turn the finding explains (a worker's answer to the instruction it cites) states the run's final answer.
    private static bool AnsweredUnder(DetectionContext context, Finding finding, FinalAnswer? final)
    {
        if (final?.Value is not { Length: >= 2 } value || finding.Explains.Count == 0) return false;
        var facts = context.Facts.FactsOf(value);
        foreach (var id in finding.Explains)
        {
            if (context.Trace.FindById(id) is { } span && context.Turns.TurnOf(span) is { } turn && !ReferenceEquals(turn, final.Turn)
                && (facts.Count > 0 ? facts.TrueForAll(f => context.Facts.States(turn.Text, f)) : turn.Text.Contains(value, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    // A turn the finding explains (the printout of the step's code) gives a figure of the final answer that the task does not.
    private static bool PrintedTheAnswer(DetectionContext context, Finding finding, FinalAnswer? final)
    {
        if (final is null) return false;
        var task = context.Turns.Task?.Text ?? "";
        foreach (var id in finding.Explains)
        {
            if (context.Trace.FindById(id) is not { } span || context.Turns.TurnOf(span) is not { } turn || ReferenceEquals(turn, final.Turn)) continue;
            if (context.Facts.FactsOf(turn.Text).Exists(f => context.Facts.States(final.Text, f) && !context.Facts.States(task, f))) return true;
        }

        return false;
    }

    private static Placed? Conversation(DetectionContext context, List<Placed> placed, Finding? entryFinding)
    {
        var min = context.Options.MinimumConfidence;
        var turns = context.Turns;
        var final = AnswerTrail.Final(turns, context.Facts);
        Placed? Of(Finding? f) => f is null ? null : placed.FirstOrDefault(p => ReferenceEquals(p.Finding, f)) ?? MergedInto(placed, f);

        var entry = Of(entryFinding);
        // A turn argued the team's printed result away and concluded the figure the run answered with: the figure entered
        // there, and the result it set aside (the expected answer, when one is given) was lost there.
        if (placed.FirstOrDefault(p => p.Finding.Detector == Detectors.OverruledResultDetector.DetectorId && p.Finding.Confidence >= min) is { } overruled) return overruled;
        // So did a turn that answered with the figure a source the team read says it replaces ("These figures supersede the
        // provisional total of 2,940"): the figure entered honestly, and was chosen over its replacement there.
        if (placed.FirstOrDefault(p => p.Finding.Detector == Detectors.SupersededFigureDetector.DetectorId && p.Finding.Confidence >= min) is { } superseded) return superseded;
        // And a turn that answered with the count of another kind than the task asks for, beside the printed count of the
        // asked kind: the figure was printed honestly, and taken for the answer to another question there.
        if (placed.FirstOrDefault(p => p.Finding.Detector == Detectors.OtherCountDetector.DetectorId && p.Finding.Confidence >= min) is { } otherCount) return otherCount;
        if (entry is not null && AnswerTrail.IsLoss(entryFinding!)) return entry;
        // The answer's figure is right in the data's unit and was given unconverted: where it was taken as the answer is
        // the mistake, not where the figure entered.
        if (placed.FirstOrDefault(p => p.Finding.Detector == Detectors.RequestedUnitDetector.DetectorId && p.Finding.Confidence >= min) is { } unconverted) return unconverted;
        // A worker showed one page of a longer list and the team went on from it: what was worked out from that page
        // afterwards (a count, a sum) came from part of the list.
        // So did what was worked out from a file other than the one a worker was told to open, or in a unit the data
        // do not use. A value that entered on the page shown in part came from part of the list too, and one that entered on
        // a page whose closer sentence gave another was taken where the team settled on it.
        if (placed.FirstOrDefault(p => WrongBasis.Contains(p.Finding.Detector) && p.Finding.Confidence >= min) is { } partial
            && (entry is null || partial.Rank <= entry.Rank
                || (partial.Finding.Detector is Detectors.PartialPageDetector.DetectorId or Detectors.CloserSentenceDetector.DetectorId or Detectors.OlderResultDetector.DetectorId
                    && partial.Finding.Evidence.Any(e => e.SpanId == entry.Span.SpanId))
                // A filter that left the bound's rows out picked the answer's value from data shown whole: the value's
                // entry in the data is no mistake.
                || (partial.Finding.Detector == Detectors.StrictBoundaryDetector.DetectorId && turns.TurnOf(entry.Span) is { IsObservation: true })
                // So did an exact match that dropped the category's qualified rows, when what it printed is the answer: the
                // category's own count printed before it is no mistake.
                || (partial.Finding.Detector == Detectors.ExactFilterDetector.DetectorId && PrintedTheAnswer(context, partial.Finding, final))))
        {
            return partial;
        }

        // A value given from memory against what the team had read, which the answer's turn itself restates among what it
        // worked from ("Taihō 33", "Hornsea Two has 175 turbines ... FINAL ANSWER: 349"): the answer stands on the
        // remembered value, though another of its figures came first.
        if (final is not null && placed.FirstOrDefault(p => Detectors.MemoryOverEvidenceDetector.RememberedValue(p.Finding) is { } v && p.Finding.Confidence >= min
                && !ReferenceEquals(turns.TurnOf(p.Span), final.Turn) && WholeWords.Find(final.Turn.Text, v) >= 0) is { } remembered)
        {
            return remembered;
        }

        // Dates the data writes day first, parsed month first: whatever the team worked out by month or date afterwards
        // stands on that parse, though a count it had printed before (every row) may be the answer's first figure.
        if (placed.FirstOrDefault(p => p.Finding.Detector == Detectors.MonthFirstParseDetector.DetectorId && p.Finding.Confidence >= min) is { } misparsed
            && (entry is null || misparsed.Rank <= entry.Rank || (turns.Task is { } asked && Detectors.MonthFirstParseDetector.AsksByDate(asked.Text))))
        {
            return misparsed;
        }

        // A factor stated wrong (or of another variant of the unit) worked out the answer's value: the figure converted was
        // right, the conversion was not.
        // So did a page a worker opened by clicking another link than the one it was told to: a results list may show the
        // namesake's figure first, but the team took it from the page.
        if (placed.FirstOrDefault(p => p.Finding.Detector is Detectors.WrongFactorDetector.DetectorId or Detectors.WrongLinkDetector.DetectorId
                                       && p.Finding.Confidence >= min && AnsweredUnder(context, p.Finding, final)) is { } factor) return factor;

        // A growth worked out against the wrong base gave the answer's own figure: the premises it was worked from are the
        // sources', whatever else the run stated around them.
        if (final is not null && placed.FirstOrDefault(p => p.Finding.Detector == Detectors.GrowthBaseDetector.DetectorId && p.Finding.Confidence >= min
                && p.Finding.Evidence.Count > 0 && context.Facts.FactsOf(p.Finding.Evidence[0].Quote) is { Count: > 0 } given
                && given.TrueForAll(f => context.Facts.States(final.Text, f))) is { } growth)
        {
            return growth;
        }

        // A step of the task declared done in words, without anything run to check it: whatever the team answered from
        // there left that step out.
        if (placed.FirstOrDefault(p => p.Finding.Detector == Detectors.SkippedStepDetector.DetectorId && p.Finding.Confidence >= min) is { } skipped) return skipped;
        // The coordinator waived the checks it had planned where the answer was decided: the answer stands on that.
        if (placed.FirstOrDefault(p => p.Finding.Detector == Detectors.WaivedCheckDetector.DetectorId && p.Finding.Confidence >= min) is { } waived) return waived;

        var ungrounded = placed.Where(p => p.Finding.Basis == AttributionBasis.UngroundedContent && p.Finding.Confidence >= min).ToList();
        var content = new List<Placed>();
        if (entry is not null) content.Add(entry);
        if (final is not null)
        {
            // The invented fact that reached the final answer.
            var reached = ungrounded.FirstOrDefault(p => p.Finding.Detector == "unsupported-fact" && p.Finding.Evidence.Any(e => e.SpanId == p.Span.SpanId
                && context.Facts.FactsOf(e.Quote) is { Count: > 0 } q && q.TrueForAll(f => context.Facts.States(final.Text, f))));
            if (reached is not null) content.Add(reached);
        }

        if (ungrounded.FirstOrDefault(p => p.Finding.Detector == "assumed-data") is { } assumed) content.Add(assumed);
        var misread = ungrounded.FirstOrDefault(p => p.Finding.Detector is "misread-extreme" or Detectors.MisreadCellDetector.DetectorId or Detectors.SiblingEntityDetector.DetectorId or Detectors.ContradictedClaimDetector.DetectorId or Detectors.RecordUnitDetector.DetectorId);
        if (misread is not null) content.Add(misread);
        var soft = placed.FirstOrDefault(p => Soft(context, p) && p.Finding.Confidence >= min);
        // Reports that the work stalled (not a delegation that dropped a constraint: that explains no value on a page).
        var stall = placed.FirstOrDefault(p => p.Finding.Detector is "orchestrator-progress" or "worker-inability" or "repeated-agent-action" && p.Finding.Confidence >= min);

        if (content.Count > 0)
        {
            var origin = content[0];
            foreach (var c in content)
            {
                if (c.Rank < origin.Rank) origin = c;
            }

            var throughObservation = turns.TurnOf(origin.Span) is { IsObservation: true };
            // The worker that brought the value in answered the question it was given: a plan or instruction before it
            // had changed or left out a constraint of the task. The coordinator's step is where the run went wrong.
            // (Also when the worker's answer the instruction explains already states the final answer's value, and the
            // value is first traced to a later turn that took it up.)
            if (placed.FirstOrDefault(p => (Detectors.DroppedConstraintDetector.IsRedirection(p.Finding) || Detectors.DroppedQualifierDetector.Contradicted(p.Finding)) && p.Rank <= origin.Rank
                                           && (p.Finding.Explains.Contains(origin.Span.SpanId) || AnsweredUnder(context, p.Finding, final))) is { } redirection)
            {
                return redirection;
            }

            // The page was right and its reader wrong: a later turn picked the wrong extreme from what it showed.
            if (throughObservation && misread is not null && misread.Rank > origin.Rank) return misread;
            // The answer is a guess made after the team got stuck: the stall is where the run went wrong. The same step,
            // and the team said so: the report is the surer finding.
            if (stall is not null && (final is { Hedged: true } || stall.Span == origin.Span)) return stall;
            return origin;
        }

        // A stalled team's report says more than an instruction that left out a constraint.
        if (stall is not null) return stall;
        if (soft is not null) return soft;
        if (ungrounded.Count > 0) return ungrounded[0];
        return placed.FirstOrDefault(p => p.Finding.Confidence >= min && p.Finding.Basis != AttributionBasis.Inference);
    }

    /// <summary>True when <paramref name="span"/> runs inside (strictly below) one of the spans with the given ids.</summary>
    private static bool Inside(Span span, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0) return false;
        for (var s = span.Parent; s is not null; s = s.Parent)
        {
            if (ids.Contains(s.SpanId)) return true;
        }

        return false;
    }

    /// <summary>A trace with no agent turn at all: its root, the run that failed.</summary>
    private static Finding? RootSpan(DetectionContext context)
    {
        if (context.Trace.Roots.Count == 0) return null;
        var root = context.Trace.Roots[0];
        return context.CreateFinding(RootDetector.Instance, root, "Goal Deviation",
            "No error signal was found and no step carries content to trace; the run's root is cited." + MissingContent(context.View),
            [], 0.1) with { Basis = AttributionBasis.Inference };
    }

    /// <summary>
    /// What to do when the run's model calls were recorded without their messages: instrumentations leave content out
    /// unless asked (Microsoft.Extensions.AI and Agent Framework without <c>EnableSensitiveData</c>, OpenTelemetry's gen-ai
    /// instrumentations without <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c>), and then nothing can be traced.
    /// </summary>
    internal static string MissingContent(TraceView view)
    {
        var calls = 0;
        foreach (var g in view.Spans)
        {
            if (!GenAiOperation.IsModelCall(g.Operation)) continue;
            if (g.InputMessages.Count > 0 || g.OutputMessages.Count > 0) return "";
            calls++;
        }

        return calls == 0 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $" Its {calls} model call{(calls == 1 ? " was" : "s were")} recorded without their messages: record message content (Microsoft.Extensions.AI and Agent Framework: UseOpenTelemetry(configure: c => c.EnableSensitiveData = true); OpenTelemetry's gen-ai instrumentations: OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true) and capture the run again.");
    }

    private sealed class RootDetector : IDetector
    {
        public static readonly RootDetector Instance = new();

        public string Id => AnswerTrail.DetectorId;

        public int Priority => 85;

        public IEnumerable<Finding> Detect(DetectionContext context) => [];
    }

    private static int Compare(Placed a, Placed b)
    {
        var c = a.Rank.CompareTo(b.Rank);
        if (c != 0) return c;
        c = b.Finding.Confidence.CompareTo(a.Finding.Confidence);
        if (c != 0) return c;
        c = a.Priority.CompareTo(b.Priority);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Finding.Detector, b.Finding.Detector);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Finding.Category.L4, b.Finding.Category.L4);
        return c != 0 ? c : string.CompareOrdinal(a.Finding.Summary, b.Finding.Summary);
    }

    /// <summary>The span a finding names: by id, checked against its path (ids can repeat), else by path.</summary>
    private static Span? Resolve(AgentTrace trace, CitedSpan cited)
    {
        if (trace.FindById(cited.SpanId) is { } byId && byId.Path == cited.Path) return byId;
        if (trace.TrySelect(cited.Path, out var byPath) && byPath is not null) return byPath;
        return trace.FindById(cited.SpanId);
    }
}
