using System.ComponentModel;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using TraceRegress.Capture;
using TraceRegress.TestSupport;

namespace TraceRegress.LiveAgentsTests;

/// <summary>
/// Agents built the way applications build them on Microsoft Agent Framework: a <see cref="ChatClientAgent"/> with tools,
/// its own OpenTelemetry instrumentation (<c>UseOpenTelemetry</c>, content recorded) around Microsoft.Extensions.AI's
/// (chat and <c>execute_tool</c> spans), sub-agents called as functions (<c>AsAIFunction</c>). Only the model is scripted.
/// </summary>
internal static class LiveAgents
{
    public static AIAgent Agent(ScriptedChatClient model, string name, string instructions, IList<AITool> tools, string? description = null) =>
        new ChatClientAgent(model.Instrumented(), instructions: instructions, name: name, description: description, tools: tools)
            .AsBuilder()
            .UseOpenTelemetry(configure: a => a.EnableSensitiveData = true)
            .Build();

    /// <summary>Runs the agent on the request and returns the run as captured, with content (not redacted).</summary>
    public static async Task<AgentTrace> RecordAsync(AIAgent agent, string request)
    {
        using var capture = TraceCapture.Start(new TraceCaptureOptions { Redact = false });
        await agent.RunAsync(request);
        capture.Dispose();
        return capture.ToTrace();
    }

    public static AIFunction RevenueTool() => AIFunctionFactory.Create(
        [Description("Annual revenue of a company for a fiscal year.")] (string company, int year) =>
            $"{company} reported revenue of $4.1 billion for fiscal {year}, up 6% on the year before.",
        "get_revenue");

    public static AgentTrace Analyst(string answer) => RecordAsync(
        Agent(new ScriptedChatClient("gpt-4o-mini",
                ScriptedChatClient.Calls("call_rev", "get_revenue", new() { ["company"] = "Contoso", ["year"] = 2023 }),
                ScriptedChatClient.Says(answer)),
            "analyst", "You are a financial analyst. Answer from the tools' results only.", [RevenueTool()]),
        "What was Contoso's revenue in fiscal 2023?").GetAwaiter().GetResult();
}
