using System.ComponentModel;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace TraceRegress.LiveAgentsTests;

/// <summary>Failures with no error signal, recorded from Microsoft Agent Framework's own instrumentation.</summary>
public class AgentFrameworkTests
{
    [Fact]
    public void An_answer_that_misstates_the_tool_figure_is_cited_at_the_model_call_that_wrote_it()
    {
        var trace = LiveAgents.Analyst("Contoso's revenue in fiscal 2023 was $4.7 billion.");

        var attribution = AttributionEngine.Current.Attribute(trace);

        Assert.Attributes(trace, "invoke_agent analyst/chat gpt-4o-mini[2]", "Language-only hallucination", agent: "analyst");
        Assert.Equal(AttributionBasis.UngroundedContent, attribution.Basis);
        Assert.Contains(attribution.Evidence, e => e.Quote.Contains("$4.7 billion", StringComparison.Ordinal));
        Assert.Contains(attribution.Evidence, e => e.Quote.Contains("$4.1 billion", StringComparison.Ordinal));
    }

    [Fact]
    public void An_answer_that_repeats_the_tool_figure_has_no_ungrounded_content()
    {
        var trace = LiveAgents.Analyst("Contoso's revenue in fiscal 2023 was $4.1 billion, up 6%.");

        var attribution = AttributionEngine.Current.Attribute(trace);

        // A corpus trace is a failure, so something is cited, but nothing rests on content or errors.
        Assert.Equal(AttributionBasis.Inference, attribution.Basis);
        Assert.True(attribution.Confidence < 0.5, $"confidence {attribution.Confidence}");
    }

    [Fact]
    public async Task An_answer_that_books_what_the_tool_said_was_sold_out_is_a_misread_tool_result()
    {
        var check = AIFunctionFactory.Create(
            [Description("Checks a hotel's availability and holds a room.")] (string hotel, int nights) =>
                new { hotel, nights, available = false, status = "SOLD_OUT", message = "No rooms left for these dates." },
            "hold_room");
        var agent = LiveAgents.Agent(new ScriptedModel("gpt-4o-mini",
                ScriptedModel.Calls("call_hold", "hold_room", new() { ["hotel"] = "Hotel Bristol", ["nights"] = 2 }),
                ScriptedModel.Says("Done! I've booked Hotel Bristol in Oslo for your 2 nights.")),
            "concierge", "You book hotels for guests.", [check]);

        var trace = await LiveAgents.RecordAsync(agent, "Book Hotel Bristol in Oslo for 2 nights from 12 March.");

        Assert.Attributes(trace, "invoke_agent concierge/chat gpt-4o-mini[2]", "Tool Output Misinterpretation", agent: "concierge");
    }

    [Fact]
    public async Task A_delegation_that_drops_the_tasks_year_is_cited_at_the_lead_that_wrote_it()
    {
        var search = AIFunctionFactory.Create([Description("Searches annual reports.")] (string query) =>
            "Contoso annual report, fiscal 2024: revenue $5.2 billion. Fiscal 2023: revenue $4.1 billion.", "search_filings");
        var researcher = LiveAgents.Agent(new ScriptedModel("gpt-4o-mini",
                ScriptedModel.Calls("call_s", "search_filings", new() { ["query"] = "Contoso annual revenue" }),
                ScriptedModel.Says("Contoso's annual revenue is $5.2 billion, per its latest annual report.")),
            "researcher", "You research company filings.", [search], description: "Finds figures in company filings.");
        var lead = LiveAgents.Agent(new ScriptedModel("gpt-4o",
                ScriptedModel.Calls("call_r", "researcher", new() { ["query"] = "What is Contoso's annual revenue?" }),
                ScriptedModel.Says("Contoso's revenue in fiscal 2023 was $5.2 billion.")),
            "lead", "You answer finance questions. Delegate research to the researcher.", [researcher.AsAIFunction()]);

        var trace = await LiveAgents.RecordAsync(lead, "What was Contoso's revenue in fiscal 2023?");

        Assert.Attributes(trace, "invoke_agent lead/chat gpt-4o[1]", "Poor Information Retrieval", agent: "lead");
        var attribution = AttributionEngine.Current.Attribute(trace);
        Assert.Contains(attribution.Evidence, e => e.Quote.Contains("2023", StringComparison.Ordinal));
    }
}
