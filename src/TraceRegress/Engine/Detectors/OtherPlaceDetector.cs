using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A namesake in another place: the task places what it asks about in a US city and state ("The Springfield Township
/// Library in Davisburg, Michigan"), and a browsing worker shows a page about something of the same name whose address
/// is in another state ("70 Papermill Road, Erdenheim, PA 19038") and that names neither the task's city nor its state.
/// Whatever the team read there is about the namesake. Poor Information Retrieval, cited at the worker's turn that showed
/// the page, quoting the task's place and the page's address.
/// </summary>
internal sealed partial class OtherPlaceDetector : IDetector
{
    public const string DetectorId = "other-place";

    private static readonly Dictionary<string, string> States = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Alabama"] = "AL", ["Alaska"] = "AK", ["Arizona"] = "AZ", ["Arkansas"] = "AR", ["California"] = "CA", ["Colorado"] = "CO",
        ["Connecticut"] = "CT", ["Delaware"] = "DE", ["Florida"] = "FL", ["Georgia"] = "GA", ["Hawaii"] = "HI", ["Idaho"] = "ID",
        ["Illinois"] = "IL", ["Indiana"] = "IN", ["Iowa"] = "IA", ["Kansas"] = "KS", ["Kentucky"] = "KY", ["Louisiana"] = "LA",
        ["Maine"] = "ME", ["Maryland"] = "MD", ["Massachusetts"] = "MA", ["Michigan"] = "MI", ["Minnesota"] = "MN", ["Mississippi"] = "MS",
        ["Missouri"] = "MO", ["Montana"] = "MT", ["Nebraska"] = "NE", ["Nevada"] = "NV", ["New Hampshire"] = "NH", ["New Jersey"] = "NJ",
        ["New Mexico"] = "NM", ["New York"] = "NY", ["North Carolina"] = "NC", ["North Dakota"] = "ND", ["Ohio"] = "OH", ["Oklahoma"] = "OK",
        ["Oregon"] = "OR", ["Pennsylvania"] = "PA", ["Rhode Island"] = "RI", ["South Carolina"] = "SC", ["South Dakota"] = "SD",
        ["Tennessee"] = "TN", ["Texas"] = "TX", ["Utah"] = "UT", ["Vermont"] = "VT", ["Virginia"] = "VA", ["Washington"] = "WA",
        ["West Virginia"] = "WV", ["Wisconsin"] = "WI", ["Wyoming"] = "WY",
    };

    // "Davisburg, Michigan": a city and a state written out.
    [GeneratedRegex(@"\b(?<city>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}),\s*(?<state>(?:New|North|South|West|Rhode) [A-Z][a-z]+|[A-Z][a-z]{3,})\b", RegexOptions.CultureInvariant)]
    private static partial Regex CityAndState();

    // A postal address's last line: "Erdenheim, PA 19038".
    [GeneratedRegex(@"\b(?<city>[A-Z][A-Za-z.' -]{2,30}),\s*(?<code>[A-Z]{2})\s+\d{5}(?:-\d{4})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex PostalLine();

    // What the task asks about: capitalised words before " in <city>".
    [GeneratedRegex(@"(?<name>(?:[A-Z][A-Za-z'&-]+ ){1,5}[A-Z][A-Za-z'&-]+) (?:in|of|at) (?=[A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex NamedBeforePlace();

    // The page a browsing worker's turn shows: "The web browser is open to the page [Springfield, Missouri - Wikipedia](...)".
    [GeneratedRegex(@"open to the page \[(?<title>[^\]\n]{3,200})\]", RegexOptions.CultureInvariant)]
    private static partial Regex OpenPage();

    /// <summary>
    /// The task names one US state and no city in it ("the capital city of Illinois"), and a browsing worker opens a page
    /// titled for a place in another state ("Springfield, Missouri - Wikipedia"): the page is about a namesake.
    /// </summary>
    private Finding? OtherStatesPage(DetectionContext context, GenAi.SourcedText task)
    {
        string? only = null;
        foreach (var name in States.Keys)
        {
            if (WholeWords.Find(task.Text, name) < 0) continue;
            if (only is not null) return null;
            only = name;
        }

        if (only is null) return null;
        var turns = context.Turns;
        foreach (var turn in turns.All)
        {
            if (turn.Agent is not { } agent || !AgentTurn.ToolLikeAgentPattern().IsMatch(agent) || ReferenceEquals(turn, turns.TaskTurn)) continue;
            if (OpenPage().Match(turn.Text) is not { Success: true } page) continue;
            var title = page.Groups["title"].Value;
            if (CityAndState().Match(title) is not { Success: true } place || !States.ContainsKey(place.Groups["state"].Value)
                || place.Groups["state"].Value.Equals(only, StringComparison.OrdinalIgnoreCase) || title.Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
            var quote = Requests.Sentence(task.Text, WholeWords.Find(task.Text, only));
            return context.CreateFinding(this, turn.Span, "Poor Information Retrieval",
                $"{agent} opened a page about {place.Value} (\"{title}\"), in another state than the task's ({only}): what the team read there is about a namesake.",
                [new Evidence(task.Span.SpanId, task.Source, quote), new Evidence(turn.Span.SpanId, turn.Source, title)], 0.7)
                with { Basis = AttributionBasis.Inference };
        }

        return null;
    }

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (turns.Task is not { } task || !turns.IsMultiAgent) yield break;
        string? city = null, state = null, stateName = null, placeQuote = null;
        foreach (Match m in CityAndState().Matches(task.Text))
        {
            if (!States.TryGetValue(m.Groups["state"].Value, out var code)) continue;
            (city, state, stateName, placeQuote) = (m.Groups["city"].Value, code, m.Groups["state"].Value, m.Value);
            break;
        }

        if (city is null || state is null)
        {
            if (OtherStatesPage(context, task) is { } page) yield return page;
            yield break;
        }

        var named = NamedBeforePlace().Match(task.Text);
        if (!named.Success) yield break;
        var entity = named.Groups["name"].Value;
        if (entity.StartsWith("The ", StringComparison.Ordinal)) entity = entity[4..];
        foreach (var turn in turns.All)
        {
            if (turn.Agent is not { } agent || !AgentTurn.ToolLikeAgentPattern().IsMatch(agent) || ReferenceEquals(turn, turns.TaskTurn)) continue;
            var text = turn.Text;
            if (!text.Contains(entity, StringComparison.OrdinalIgnoreCase) || text.Contains(city, StringComparison.OrdinalIgnoreCase)
                || text.Contains(stateName!, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (Match address in PostalLine().Matches(text))
            {
                var code = address.Groups["code"].Value;
                if (code == state || !States.ContainsValue(code)) continue;
                yield return context.CreateFinding(this, turn.Span, "Poor Information Retrieval",
                    $"{agent} showed a page about {entity} in another place ({address.Value.Trim()}) than the task's ({placeQuote}): what the team read there is about a namesake.",
                    [new Evidence(task.Span.SpanId, task.Source, placeQuote!), new Evidence(turn.Span.SpanId, turn.Source, address.Value.Trim())], 0.7)
                    with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
    }
}
