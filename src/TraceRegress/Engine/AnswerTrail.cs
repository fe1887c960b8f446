using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine;

/// <summary>
/// Follows the final answer back through the run. With an expected answer: where the right value was seen and then
/// lost, or, when it never appeared, where the wrong value the run ended with first entered. Without one: where the
/// final answer's own facts first entered the run, the most probable origin when nothing says "error".
/// </summary>
internal static partial class AnswerTrail
{
    public const string DetectorId = "final-answer";

    [GeneratedRegex(@"FINAL ANSWER\s*:|\bfinal answer is\b|\bthe answer is\b|\banswer\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnswerMarker();

    /// <summary>The final turn: the last turn that is not an observation.</summary>
    public static AgentTurn? FinalTurn(AgentTurns turns)
    {
        for (var i = turns.All.Count - 1; i >= 0; i--)
        {
            if (!turns.All[i].IsObservation) return turns.All[i];
        }

        return null;
    }

    /// <summary>The part of the final turn that states the answer: after "FINAL ANSWER:" when it says so, else all of it.</summary>
    private static string AnswerPart(string text)
    {
        Match? last = null;
        foreach (Match m in AnswerMarker().Matches(text)) last = m;
        return last is null ? text : text[(last.Index + last.Length)..];
    }

    /// <summary>The finding an expected answer leads to; null when the final answer gives it or no step can be named.</summary>
    public static Finding? Expected(DetectionContext context, string expected)
    {
        var turns = context.Turns;
        var facts = context.Facts;
        if (FinalTurn(turns) is not { } final) return null;
        var wanted = facts.FactsOf(expected);
        var phrase = Normalise(expected);
        if (phrase.Length == 0) return null;

        bool Gives(string text) => wanted.Count > 0 ? wanted.TrueForAll(f => facts.States(text, f)) : Normalise(text).Contains(phrase, StringComparison.Ordinal);
        if (Gives(AnswerPart(final.Text))) return null;

        var finalFacts = WrongFacts(context, final, wanted);
        var right = turns.All.FirstOrDefault(t => Gives(t.Text));
        if (right is not null && right.Position < final.Position)
        {
            // Lost: the first later reasoning turn that states the wrong value the run ended with, else the final turn.
            var lost = turns.All.Skip(right.Position + 1).FirstOrDefault(t => !t.IsObservation && finalFacts.Exists(f => facts.States(t.Text, f))) ?? final;
            var evidence = new List<Evidence> { new(right.Span.SpanId, right.Source, Written(facts, right.Text, wanted, expected)) };
            if (finalFacts.FirstOrDefault(f => facts.States(lost.Text, f)) is { } wrong) evidence.Add(new Evidence(lost.Span.SpanId, lost.Source, WrittenIn(facts, lost.Text, wrong)));
            else evidence.Add(new Evidence(lost.Span.SpanId, lost.Source, ErrorText.LineAround(lost.Text, 0)));
            return context.CreateFinding(Id.Instance, lost.Span, lost.IsObservation ? "Poor Information Retrieval" : "Tool Output Misinterpretation",
                $"The expected answer \"{Quote.Cut(expected, 80)}\" was there at turn {right.Position + 1} ({right.Agent ?? right.Span.Name}) and is lost at turn {lost.Position + 1} ({lost.Agent ?? lost.Span.Name}); the run ends with \"{Quote.Cut(AnswerPart(final.Text).Trim(), 80)}\".",
                evidence, 0.7) with { Basis = AttributionBasis.ExpectedAnswer };
        }

        if (Entry(context, finalFacts) is not { } entry) return null;
        return context.CreateFinding(Id.Instance, entry.Turn.Span, entry.Leaf,
            $"The run ends with {entry.Fact.Written} where {Quote.Cut(expected, 80)} was expected; {entry.Fact.Written} entered at turn {entry.Turn.Position + 1} ({entry.Turn.Agent ?? entry.Turn.Span.Name}) and the expected answer appears nowhere in the run.",
            entry.Evidence, 0.7) with { Basis = AttributionBasis.ExpectedAnswer };
    }

    /// <summary>Where the final answer's facts first entered the run; null when they all come from the task, or there are none.</summary>
    public static Finding? Provenance(DetectionContext context)
    {
        if (FinalTurn(context.Turns) is not { } final) return null;
        var finalFacts = WrongFacts(context, final, []);
        if (Entry(context, finalFacts) is not { } entry) return null;
        return context.CreateFinding(Id.Instance, entry.Turn.Span, entry.Leaf,
            $"No error signal was found. The final answer states {entry.Fact.Written}, which entered the run at turn {entry.Turn.Position + 1} ({entry.Turn.Agent ?? entry.Turn.Span.Name}); that step is the most probable origin.",
            entry.Evidence, 0.3) with { Basis = AttributionBasis.Inference };
    }

    /// <summary>The last resort: the first reasoning turn after the one that received the task, else the final turn.</summary>
    public static Finding? FirstStep(DetectionContext context)
    {
        var turns = context.Turns.All;
        var step = turns.Skip(1).FirstOrDefault(t => !t.IsObservation) ?? (turns.Count > 0 ? turns[0] : null);
        if (step is null) return null;
        return context.CreateFinding(Id.Instance, step.Span, "Incorrect Problem Identification",
            $"No error signal was found, and the final answer's content cannot be traced to a step. {step.Agent ?? step.Span.Name}'s turn {step.Position + 1} is the first step that worked on the task, the most probable origin.",
            [new Evidence(step.Span.SpanId, step.Source, ErrorText.LineAround(step.Text, 0))], 0.2) with { Basis = AttributionBasis.Inference };
    }

    private sealed record EntryPoint(AgentTurn Turn, Fact Fact, string Leaf, IReadOnlyList<Evidence> Evidence);

    private static EntryPoint? Entry(DetectionContext context, List<Fact> finalFacts)
    {
        var facts = context.Facts;
        var turns = context.Turns;
        EntryPoint? best = null;
        foreach (var fact in finalFacts)
        {
            if (facts.FirstSeen(fact.Key) is not { } first) continue;
            var turn = turns.TurnOf(first.Span);
            string leaf;
            if (turn is null)
            {
                // A tool returned it: the first turn after the tool that used it.
                turn = turns.All.FirstOrDefault(t => context.View.Rank(t.Span) > context.View.Rank(first.Span));
                if (turn is null) continue;
                leaf = "Tool Output Misinterpretation";
            }
            else if (turn.IsExecutionOutput)
            {
                // The terminal printed it: the code's author computed it.
                turn = turns.PreviousReasoningTurn(turn) ?? turn;
                leaf = "Incorrect Problem Identification";
            }
            else if (turn.IsObservation)
            {
                leaf = "Poor Information Retrieval";
            }
            else
            {
                leaf = facts.StatedBy(turn.Span).Any(s => s.Fact.Key == fact.Key && !s.Supported) ? "Language-only hallucination" : "Incorrect Problem Identification";
            }

            // At the same step, the later fact wins: an answer states its conclusion last ("... so €553.00 in total").
            if (best is not null && best.Turn.Position < turn.Position) continue;
            var evidence = new List<Evidence> { new(first.Span.SpanId, first.Source, first.Fact.Written) };
            if (!ReferenceEquals(first.Span, turn.Span)) evidence.Insert(0, new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, 0)));
            best = new EntryPoint(turn, fact, leaf, evidence);
        }

        return best;
    }

    /// <summary>The final answer's facts that are neither the expected ones nor given by the task.</summary>
    private static List<Fact> WrongFacts(DetectionContext context, AgentTurn final, List<Fact> expected)
    {
        var facts = context.Facts;
        var task = context.Turns.Task;
        var list = new List<Fact>();
        foreach (var f in facts.FactsOf(AnswerPart(final.Text)))
        {
            if (f.Kind == FactKind.Url) continue;
            if (expected.Exists(e => e.Key == f.Key)) continue;
            if (task is not null && facts.States(task.Text, f)) continue;
            if (!list.Exists(x => x.Key == f.Key)) list.Add(f);
        }

        return list;
    }

    private static string Written(FactIndex facts, string text, List<Fact> wanted, string expected)
    {
        if (wanted.Count > 0) return WrittenIn(facts, text, wanted[0]);
        var at = text.IndexOf(expected.Trim(), StringComparison.OrdinalIgnoreCase);
        return at >= 0 ? text.Substring(at, expected.Trim().Length) : ErrorText.LineAround(text, 0);
    }

    private static string WrittenIn(FactIndex facts, string text, Fact fact)
    {
        foreach (var f in facts.FactsOf(text))
        {
            if (f.Key == fact.Key || (f.Kind == FactKind.Number && fact.Kind == FactKind.Number && Math.Abs(f.Value - fact.Value) <= Math.Max(f.Precision, fact.Precision))) return f.Written;
        }

        return ErrorText.LineAround(text, 0);
    }

    private static string Normalise(string text)
    {
        var chars = text.Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c == ' ').ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Stands for the answer trail as the detector its findings come from.</summary>
    private sealed class Id : IDetector
    {
        public static readonly Id Instance = new();

        string IDetector.Id => DetectorId;

        int IDetector.Priority => 85;

        public IEnumerable<Finding> Detect(DetectionContext context) => [];
    }
}
