using System.Text;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A search whose query names another entity than the task (Siemens Healthineers for Siemens Energy, Bergamo Airport for
/// Bergen Airport), with the right year, is cited at the model call that wrote the query. A query that names the task's
/// entity, alone or beside another, is not.
/// </summary>
public class WrongEntityTests
{
    private const string Company = "meai-search-names-another-company.json";
    private const string Airport = "langfuse-search-names-another-airport.json";

    [Theory]
    [InlineData(Company, "orchestrate_tools/chat gpt-4o-mini[1]", "Siemens Healthineers", "Siemens Energy")]
    [InlineData(Airport, "AgentExecutor/AgentExecutor/ChatOpenAI[1]", "Bergamo Airport", "Bergen Airport")]
    public void The_call_that_named_the_wrong_entity_is_cited(string file, string path, string named, string asked)
    {
        var trace = Fixture.Load("exported", file);
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.True(a.Cited?.Path == path && a.Category?.L4 == "Poor Information Retrieval", $"{file}: cited {a.Cited?.Path} | {a.Category?.L4} by {a.Detector}: {a.Summary}");
        Assert.Equal(AttributionBasis.Inference, a.Basis);
        Assert.Contains(named, a.Summary, StringComparison.Ordinal);
        Assert.Contains(a.Evidence, e => e.Quote == asked);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Theory]
    [InlineData(Company, "Siemens Healthineers revenue fiscal year 2024", "Siemens Energy revenue fiscal year 2024")]
    [InlineData(Company, "Siemens Healthineers revenue fiscal year 2024", "Siemens Energy vs Siemens Healthineers revenue fiscal year 2024")]
    [InlineData(Airport, "Bergamo Airport passenger numbers 2024", "Bergen Airport passenger numbers 2024")]
    [InlineData(Airport, "Bergamo Airport passenger numbers 2024", "Flesland passenger numbers Bergen Airport 2024")]
    public void A_query_that_names_the_task_entity_is_not_cited_for_it(string file, string query, string right)
    {
        var text = File.ReadAllText(Fixture.Path("exported", file)).Replace(query, right, StringComparison.Ordinal);
        var trace = AgentTrace.Parse(Encoding.UTF8.GetBytes(text), file);
        var findings = AttributionEngine.Default.Detect(trace);
        Assert.DoesNotContain(findings, f => f.Summary.Contains("where the task asks about", StringComparison.Ordinal));
    }

    [Fact]
    public void A_query_that_drops_the_entity_without_naming_another_is_not_cited_for_a_wrong_entity()
    {
        // The query leaves the company out and names no other: nothing says which entity it asked about.
        var text = File.ReadAllText(Fixture.Path("exported", Company))
            .Replace("Siemens Healthineers revenue fiscal year 2024", "revenue fiscal year 2024 annual report", StringComparison.Ordinal);
        var findings = AttributionEngine.Default.Detect(AgentTrace.Parse(Encoding.UTF8.GetBytes(text), Company));
        Assert.DoesNotContain(findings, f => f.Summary.Contains("where the task asks about", StringComparison.Ordinal));
    }
}
