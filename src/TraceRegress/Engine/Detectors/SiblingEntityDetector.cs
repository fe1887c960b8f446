using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, the task names something by a name and a number ("Voyager 1"), a page a worker showed has a
/// section headed by its numbered sibling ("Voyager 2", a line of its own) with a value under it ("Launch date: August 20,
/// 1977"), and a later step gives that value for the task's own (" So Voyager 1 was launched on August 20, 1977"), while
/// the page ties the task's own to another value of the same kind ("Voyager 1 is a space probe launched by NASA on
/// September 5, 1977"). The twin's value was read as the task's: Tool Output Misinterpretation at that step, quoting the
/// sibling's heading, its value and the statement.
/// </summary>
internal sealed partial class SiblingEntityDetector : IDetector
{
    public const string DetectorId = "sibling-entity";

    // A name with a number: "Voyager 1", "Apollo 11", "Pioneer 10".
    [GeneratedRegex(@"\b(?<name>\p{Lu}[\p{L}\-]{2,})\s+(?<num>\d{1,3})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Numbered();

    public string Id => DetectorId;

    public int Priority => 53;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        var facts = context.Facts;
        foreach (Match asked in Numbered().Matches(task.Text))
        {
            var name = asked.Groups["name"].Value;
            var own = $"{name} {asked.Groups["num"].Value}";
            foreach (var page in turns.All)
            {
                if (!page.IsObservation || page.IsExecutionOutput || !page.Text.Contains(name, StringComparison.Ordinal)) continue;
                var lines = page.Text.Split('\n');
                for (var i = 0; i < lines.Length; i++)
                {
                    // A heading of the sibling's own: its name and another number, alone on its line.
                    var heading = lines[i].Trim();
                    if (heading.Length > 40 || Numbered().Match(heading) is not { Success: true } sibling || sibling.Value != heading
                        || sibling.Groups["name"].Value != name || sibling.Value == own) continue;
                    var under = string.Join('\n', lines.Skip(i + 1).Take(6).TakeWhile(l => !l.Contains(name, StringComparison.Ordinal)));
                    var values = facts.FactsOf(under).Where(f => f.Kind == FactKind.Date).ToList();
                    if (values.Count == 0) continue;
                    // The page ties the task's own to another value of that kind.
                    var ownLine = lines.FirstOrDefault(l => WholeWords.Find(l, own) >= 0 && facts.FactsOf(l).Exists(f => f.Kind == FactKind.Date && !values.Exists(v => v.Key == f.Key)));
                    if (ownLine is null) continue;
                    foreach (var later in turns.All.Where(t => t.Position >= page.Position && !t.IsExecutionOutput))
                    {
                        var text = ReferenceEquals(later, page) || later.IsObservation ? Reading(later.Text) : later.Text;
                        foreach (var v in values)
                        {
                            var sentence = facts.FactsOf(text).Where(f => f.Key == v.Key).Select(f => Requests.Sentence(text, f.Index))
                                .FirstOrDefault(x => WholeWords.Find(x, own) >= 0 && WholeWords.Find(x, sibling.Value) < 0);
                            if (sentence is null) continue;
                            yield return context.CreateFinding(this, later.Span, "Tool Output Misinterpretation",
                                $"{page.Agent ?? page.Span.Name} showed {v.Written} under a heading of {sibling.Value}, and {later.Agent ?? later.Span.Name} gave it for {own} (\"{sentence.Trim()}\"), while the page ties {own} to another date.",
                                [new Evidence(page.Span.SpanId, page.Source, heading), new Evidence(page.Span.SpanId, page.Source, v.Written), new Evidence(later.Span.SpanId, later.Source, sentence.Trim())], 0.65)
                                with { Basis = AttributionBasis.UngroundedContent };
                            yield break;
                        }
                    }
                }
            }
        }
    }

    // What a surfer said in its own words before the page it showed ("... So Voyager 1 was launched on August 20, 1977.").
    private static string Reading(string text)
    {
        var page = text.IndexOf("Here is a screenshot of", StringComparison.Ordinal);
        return page < 0 ? text : text[..page];
    }
}
