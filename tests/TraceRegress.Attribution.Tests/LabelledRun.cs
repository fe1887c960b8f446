using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// Checks a labelled multi-agent run: the step (the n-th logged message) and the agent the engine cites, or, for a known
/// miss written "step agent: why", that the citation has not moved.
/// </summary>
internal static class LabelledRun
{
    public static void Check(string folder, string file, string? expected, int step, string agent, string? knownMiss)
    {
        var trace = Fixture.Load(folder, file);
        var a = AttributionEngine.Default.Attribute(trace, new AttributionRequest { ExpectedAnswer = expected });
        Assert.NotNull(a.Cited);
        var cited = Steps(trace).FindIndex(s => s.SpanId == a.Cited!.SpanId);
        var mode = expected is null ? "without the expected answer" : $"with the expected answer \"{expected}\"";
        if (knownMiss is null)
        {
            Assert.True(step == cited && agent == a.Cited!.Agent,
                $"{file} {mode}: labelled step {step} ({agent}), cited step {cited} ({a.Cited!.Agent}) by {a.Detector}: {a.Summary}");
        }
        else
        {
            var pinned = knownMiss.Split(':')[0].Split(' ');
            Assert.True(int.Parse(pinned[0], System.Globalization.CultureInfo.InvariantCulture) == cited && pinned[1] == a.Cited!.Agent,
                $"{file} {mode}: the known miss moved: now step {cited} ({a.Cited!.Agent}) by {a.Detector}; label is step {step} ({agent}). {a.Summary}");
        }

        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    /// <summary>
    /// A labelled run is what the set says it is: no span with an error status, at least three agents, a number of
    /// messages in the range, the labelled step written by the labelled agent, and an expected answer.
    /// </summary>
    public static void AssertRealistic(string folder, string file, int step, string agent, int minSteps, int maxSteps)
    {
        var trace = Fixture.Load(folder, file);
        Assert.All(trace.Spans, s => Assert.NotEqual(SpanStatusCode.Error, s.Status.Code));
        var steps = Steps(trace);
        Assert.True(steps.Select(s => CitedSpan.AgentOf(s)).Distinct().Count() >= 3, file);
        Assert.InRange(steps.Count, minSteps, maxSteps);
        Assert.InRange(step, 0, steps.Count - 1);
        Assert.Equal(agent, CitedSpan.AgentOf(steps[step]));
        Assert.False(string.IsNullOrWhiteSpace(ExpectedAnswer(folder, file)), file);
    }

    /// <summary>
    /// The run's messages in the order they were logged: the spans that carry one (a run's root span carries none). A turn
    /// that holds its own model and tool calls as children is one message: its calls count as the turn under the root.
    /// </summary>
    public static List<Span> Steps(AgentTrace trace) =>
        trace.Spans.Where(s => s.Children.Count == 0).Select(Turn).Distinct().OrderBy(s => s.StartTimeUnixNano).ThenBy(s => s.SpanId, StringComparer.Ordinal).ToList();

    private static Span Turn(Span leaf)
    {
        var s = leaf;
        while (s.Parent is { Parent: not null } parent) s = parent;
        return s;
    }

    /// <summary>The answer of the run's <c>.expected.json</c>.</summary>
    public static string ExpectedAnswer(string folder, string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture.Path(folder, file.Replace(".json", ".expected.json", StringComparison.Ordinal))));
        return doc.RootElement.GetProperty("answer").GetString()!;
    }
}
