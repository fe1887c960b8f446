using System.ComponentModel;
using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.AI;
using TraceRegress.Capture;
using TraceRegress.TestSupport;

namespace TraceRegress.LiveAgentsTests;

/// <summary>
/// Multi-agent runs of Microsoft Agent Framework workflows (sequential and round-robin group chat), each agent
/// instrumented as applications do: every agent's turn is an <c>invoke_agent</c> span of its own, status unset.
/// </summary>
public class WorkflowTests
{
    private static async Task<AgentTrace> RunAsync(Workflow workflow, string name, string request)
    {
        using var capture = TraceCapture.Start(new TraceCaptureOptions { Redact = false });
        await workflow.AsAIAgent(name, name).RunAsync(request);
        capture.Dispose();
        return capture.ToTrace();
    }

    // A researcher that looks Contoso's fiscal 2023 figures up in the annual report and reports them faithfully.
    private static AIAgent Researcher()
    {
        var search = AIFunctionFactory.Create([Description("Searches annual reports.")] (string query) =>
            "Contoso annual report, fiscal 2023: revenue $4.1 billion, operating margin 18.2%.", "search_filings");
        return LiveAgents.Agent(new ScriptedChatClient("gpt-4o-mini",
                ScriptedChatClient.Calls("call_s", "search_filings", new() { ["query"] = "Contoso revenue fiscal 2023" }),
                ScriptedChatClient.Says("Findings: Contoso's fiscal 2023 revenue was $4.1 billion with an operating margin of 18.2%.")),
            "researcher", "You research company filings.", [search]);
    }

    [Fact]
    public async Task A_writer_that_misstates_the_researchers_figure_is_cited_not_the_researcher()
    {
        var researcher = Researcher();
        var writer = LiveAgents.Agent(new ScriptedChatClient("gpt-4o",
                ScriptedChatClient.Says("Contoso grew to $4.7 billion in revenue in fiscal 2023, with an 18.2% operating margin.")),
            "writer", "You write a one-sentence summary of the findings.", []);

        var trace = await RunAsync(AgentWorkflowBuilder.BuildSequential(researcher, writer), "pipeline", "Summarise Contoso's fiscal 2023 results.");

        Assert.Attributes(trace, "invoke_agent writer/chat gpt-4o", "Language-only hallucination", agent: "writer");
    }

    // An analyst that looks fares up and a planner that picks one, taking turns.
    private static Workflow FareChat(string plannerAnswer)
    {
        var fares = AIFunctionFactory.Create([Description("Lowest fares from a city.")] (string origin) =>
            new { origin, fares = new[] { new { route = "OSL-BER", eur = 129 }, new { route = "OSL-MUC", eur = 164 } } }, "lowest_fares");
        var analyst = LiveAgents.Agent(new ScriptedChatClient("gpt-4o-mini",
                ScriptedChatClient.Calls("call_f", "lowest_fares", new() { ["origin"] = "OSL" }),
                ScriptedChatClient.Says("The fare table shows OSL-BER at EUR 129 and OSL-MUC at EUR 164.")),
            "analyst", "You look up fares.", [fares]);
        var planner = LiveAgents.Agent(new ScriptedChatClient("gpt-4o", ScriptedChatClient.Says(plannerAnswer)), "planner", "You pick the cheapest option.", []);
        return AgentWorkflowBuilder.CreateGroupChatBuilderWith(agents => new RoundRobinGroupChatManager(agents) { MaximumIterationCount = 2 })
            .AddParticipants(analyst, planner)
            .Build();
    }

    [Fact]
    public async Task A_group_chat_member_that_misreads_what_another_found_is_cited()
    {
        var trace = await RunAsync(FareChat("The cheapest option is OSL-BER for EUR 119, so book that."), "trip", "Which flight from Oslo is cheapest: Berlin or Munich?");

        Assert.Attributes(trace, "invoke_agent planner/chat gpt-4o", "Language-only hallucination", agent: "planner");
    }

    [Fact]
    public async Task A_group_chat_whose_members_keep_to_the_facts_rests_on_inference_only()
    {
        var trace = await RunAsync(FareChat("The cheapest option is OSL-BER for EUR 129, so book that."), "trip", "Which flight from Oslo is cheapest: Berlin or Munich?");

        Assert.Equal(AttributionBasis.Inference, AttributionEngine.Current.Attribute(trace).Basis);
    }

    // The researcher looks the figure up, the writer summarises; the workflow records its own spans too
    // (workflow.session, invoke_workflow, executor.process <agent>_<id>, message.send, edge_group.process).
    private static Workflow InstrumentedPipeline(string writerAnswer)
    {
        var researcher = Researcher();
        var writer = LiveAgents.Agent(new ScriptedChatClient("gpt-4o", ScriptedChatClient.Says(writerAnswer)), "writer", "You write a one-sentence summary.", []);
        return new WorkflowBuilder(researcher).AddEdge(researcher, writer).WithOutputFrom(writer).WithOpenTelemetry().Build();
    }

    [Fact]
    public async Task A_workflow_with_its_own_telemetry_cites_the_writer_by_the_same_path_in_every_recording()
    {
        const string Misstated = "Contoso grew to $4.7 billion in revenue in fiscal 2023, with an 18.2% operating margin.";
        var first = await RunAsync(InstrumentedPipeline(Misstated), "pipeline", "Summarise Contoso's fiscal 2023 results.");
        var second = await RunAsync(InstrumentedPipeline(Misstated), "pipeline", "Summarise Contoso's fiscal 2023 results.");

        // The executors are named after their agent and its id, which every recording makes anew.
        Assert.Contains(first.Spans, s => s.Name.StartsWith("executor.process writer_", StringComparison.Ordinal) && s.Name.Length > "executor.process writer_".Length + 30);
        var cited = AttributionEngine.Current.Attribute(first).Cited!.Path;
        Assert.Contains("/executor.process writer_{id}", cited, StringComparison.Ordinal);
        Assert.EndsWith("/invoke_agent writer/chat gpt-4o", cited, StringComparison.Ordinal);
        Assert.Attributes(first, cited, "Language-only hallucination", agent: "writer");
        // The runner may record one run as more than one invoke_workflow span, as its steps fall in time: a path suffix
        // names the step in every recording.
        Assert.Attributes(first, "invoke_agent writer/chat gpt-4o", "Language-only hallucination", agent: "writer");
        Assert.Attributes(second, "invoke_agent writer/chat gpt-4o", "Language-only hallucination", agent: "writer");
    }
}
