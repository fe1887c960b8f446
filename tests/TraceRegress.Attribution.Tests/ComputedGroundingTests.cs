using System.Text;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A figure the model worked out must match the arithmetic at the precision it is written in, from operands that belong
/// together: a total three euros off, a difference 200 off, a difference that only fits another agent's result less a
/// figure about something else. Each wrong figure is cited; the same run with the figure right is grounded.
/// </summary>
public class ComputedGroundingTests
{
    /// <summary>Folder, file, the figure as stated, the figure the arithmetic gives, the labelled span and leaf.</summary>
    public static TheoryData<string, string, string, string, string, string> Runs() => new()
    {
        // Langfuse: EUR 1,236.40 + EUR 2,418.75 is EUR 3,655.15; the model says EUR 3,658.15 (0.1% off, once let through).
        { "grounding", "langfuse-expense-total-off-by-three.json", "EUR 3,658.15", "EUR 3,655.15", "expense-assistant/OpenAI-generation[2]", "Language-only hallucination" },
        // MEAI: one store's revenue from each of two tool calls; NOK 1,482,300 - 1,196,800 is 285,500, not 285,700.
        { "grounding", "meai-store-difference-off-by-200.json", "NOK 285,700", "NOK 285,500", "orchestrate_tools/chat gpt-4o[2]", "Language-only hallucination" },
        // LangGraph supervisor (LangSmith): 6.6 - 4.4 million is 2.2 million; 2.4 million only fits Trondheim's 4.6 million
        // less the math expert's result, or 4.4 million read as Fahrenheit degrees.
        { "frameworks", "langgraph-supervisor-misstates-result.json", "2.4 million more", "2.2 million more", "LangGraph/supervisor[3]/agent/ChatOpenAI", "Language-only hallucination" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void The_wrong_figure_is_cited(string folder, string file, string stated, string right, string path, string leaf)
    {
        _ = right;
        var trace = Fixture.Load(folder, file);
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.True(a.Cited?.Path == path && a.Category?.L4 == leaf, $"{file}: cited {a.Cited?.Path} | {a.Category?.L4} by {a.Detector}: {a.Summary}");
        Assert.Equal(AttributionBasis.UngroundedContent, a.Basis);
        var figure = Figure(stated);
        Assert.Contains(a.Evidence, e => e.SpanId == a.Cited!.SpanId && e.Quote.Contains(figure, StringComparison.Ordinal));
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void With_the_figure_right_it_is_grounded(string folder, string file, string stated, string right, string path, string leaf)
    {
        _ = (path, leaf);
        var text = File.ReadAllText(Fixture.Path(folder, file)).Replace(stated, right, StringComparison.Ordinal);
        var trace = AgentTrace.Parse(Encoding.UTF8.GetBytes(text), file);
        var findings = AttributionEngine.Default.Detect(trace);
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact");
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.NotEqual(AttributionBasis.UngroundedContent, a.Basis);
    }

    // The number as the fact reader quotes it: "EUR 3,658.15" is quoted with its currency, "2.4 million more" as "2.4 million".
    private static string Figure(string stated) => stated.EndsWith(" more", StringComparison.Ordinal) ? stated[..^5] : stated.Split(' ')[^1];

    [Fact]
    public void A_difference_of_a_figure_in_the_task_and_one_in_a_tool_result_is_grounded_when_the_call_records_only_the_result()
    {
        // "20 days ago" is in the agent's task (its invoke_agent input); "30 days" in the policy the tool returned; the
        // answering chat span records only the tool message. 30 - 20 = 10 days left.
        var findings = AttributionEngine.Default.Detect(Fixture.Load("grounding", "flat-return-days-left-from-task-and-policy.json"));
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact");
    }
}
