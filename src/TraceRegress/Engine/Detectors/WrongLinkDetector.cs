using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A web-browsing worker told to click one result that clicked another. In a conversation, a coordinator's instruction
/// (or a progress ledger's <c>instruction_or_question</c>) names the link to follow in quotes ("Click the result 'Lyceum
/// Theatre, Sheffield - Wikipedia'"), and the worker's next turn says it clicked a different one ("I clicked 'Lyceum
/// Theatre, London - Wikipedia'"), a namesake that shares words with the one asked for, and it did not click the right
/// one in its next few turns. Whatever the team read there came from the wrong page: Poor Information Retrieval at the
/// worker's turn, quoting the instruction and the click.
/// </summary>
internal sealed partial class WrongLinkDetector : IDetector
{
    public const string DetectorId = "wrong-link";

    // The link an instruction names: click / open / select / follow, then a quoted title.
    [GeneratedRegex(@"\b(?:click|open|select|follow)\b[^'""‘“\n]{0,40}?['""‘“](?<title>[^'""’”\n]{4,160})['""’”]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AskedLink();

    // The link a worker says it clicked: "I clicked 'Lyceum Theatre, London - Wikipedia'."
    [GeneratedRegex(@"^\s*I clicked (?:on )?['""‘“](?<title>[^'""’”\n]{2,160})['""’”]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex Clicked();

    [GeneratedRegex(@"\p{L}{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) yield break;
        var all = turns.All;
        for (var i = 0; i + 1 < all.Count; i++)
        {
            var instruction = all[i];
            if (instruction.Agent is not { } agent || !DroppedConstraintDetector.OrchestratorAgent().IsMatch(agent)) continue;
            var said = DroppedConstraintDetector.InstructionOf(instruction.Text);
            if (said.Length == 0 || said.Length > 600 || AskedLink().Match(said) is not { Success: true } link) continue;
            var asked = link.Groups["title"].Value.Trim();
            // The worker's answer: the next turn that is not the coordinator's.
            var worker = all.Skip(i + 1).FirstOrDefault(t => !string.Equals(t.Agent, agent, StringComparison.Ordinal));
            if (worker is null || Clicked().Match(worker.Text) is not { Success: true } click) continue;
            var clicked = click.Groups["title"].Value.Trim();
            if (Same(asked, clicked) || !SharesAWord(asked, clicked)) continue;
            // The page it landed on is the one asked for, under another link's words: its title holds every word of the
            // asked title ("Results amendment - women's heat 3" for 'Results amendment: women').
            if (ShownTitle().Match(worker.Text) is { Success: true } shown && Covers(shown.Groups["title"].Value, asked)) continue;
            // Clicked the right one soon after: corrected before anyone worked from the wrong page.
            if (all.Skip(worker.Position + 1).Take(4).Any(t => string.Equals(t.Agent, worker.Agent, StringComparison.Ordinal) && Clicked().Match(t.Text) is { Success: true } c && Same(asked, c.Groups["title"].Value))) continue;
            yield return context.CreateFinding(this, worker.Span, "Poor Information Retrieval",
                $"{worker.Agent ?? worker.Span.Name} was told to click '{asked}' and clicked '{clicked}'; what the team read there came from the wrong page.",
                [new Evidence(instruction.Span.SpanId, instruction.Source, ErrorText.LineAround(instruction.Text, Math.Max(0, instruction.Text.IndexOf(asked, StringComparison.Ordinal)))),
                 new Evidence(worker.Span.SpanId, worker.Source, click.Value.Trim())], 0.65)
                with { Basis = AttributionBasis.Inference, Explains = [worker.Span.SpanId] };
            yield break;
        }
    }

    private static bool Same(string a, string b)
    {
        var x = Normal(a);
        var y = Normal(b);
        return x == y || x.Contains(y, StringComparison.Ordinal) || y.Contains(x, StringComparison.Ordinal);
    }

    private static string Normal(string title) => string.Join(' ', title.ToLowerInvariant().Split([' ', '\t', '\u00a0'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.', ' ');

    // The page a browsing worker shows: "Here is a screenshot of [Title | Site](https://...)".
    [GeneratedRegex(@"Here is a screenshot of \[(?<title>[^\]\n]{2,200})\]", RegexOptions.CultureInvariant)]
    private static partial Regex ShownTitle();

    // Every word of the asked title, of three letters or more, is a word of the page's title.
    private static bool Covers(string title, string asked)
    {
        var words = Word().Matches(title.ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var wanted = Word().Matches(asked.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 3).ToList();
        return wanted.Count >= 2 && wanted.TrueForAll(words.Contains);
    }

    private static bool SharesAWord(string a, string b)
    {
        var words = Word().Matches(a.ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        return Word().Matches(b.ToLowerInvariant()).Any(m => words.Contains(m.Value));
    }
}
