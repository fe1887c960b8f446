using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using TraceRegress.Capture;
using TraceRegress.TestSupport;

namespace TraceRegress.LiveAgentsTests;

/// <summary>
/// A path names a step the same way in every recording of the same run: the ids frameworks put in span names (an agent
/// object's id, a prompt function's GUID) change every time.
/// </summary>
public class PathStabilityTests
{
    [Fact]
    public void Two_recordings_of_the_same_agent_run_cite_the_same_path()
    {
        var first = LiveAgents.Analyst("Contoso's revenue in fiscal 2023 was $4.7 billion.");
        var second = LiveAgents.Analyst("Contoso's revenue in fiscal 2023 was $4.7 billion.");

        // Each agent object made its own id, and the framework wrote it into the span name.
        var names = new[] { first.Spans[0].Name, second.Spans[0].Name };
        Assert.NotEqual(names[0], names[1]);
        Assert.All(names, n => Assert.StartsWith("invoke_agent analyst(", n, StringComparison.Ordinal));

        Assert.Equal("invoke_agent analyst", first.Spans[0].Path);
        Assert.Equal(first.Spans.Select(s => s.Path), second.Spans.Select(s => s.Path));
        Assert.Equal(AttributionEngine.Current.Attribute(first).Cited!.Path, AttributionEngine.Current.Attribute(second).Cited!.Path);
    }

    [Fact]
    public void A_path_written_with_the_recorded_name_still_selects_the_span()
    {
        var trace = LiveAgents.Analyst("Contoso's revenue in fiscal 2023 was $4.7 billion.");
        var root = trace.Spans[0];

        Assert.Same(root, trace.Select(root.Name));
        Assert.Same(trace.Select("invoke_agent analyst/chat gpt-4o-mini[2]"), trace.Select(root.Name + "/chat gpt-4o-mini[2]"));
    }

    [Fact]
    public async Task A_semantic_kernel_prompt_function_has_the_same_path_in_every_recording()
    {
        var paths = new List<string[]>();
        for (var run = 0; run < 2; run++)
        {
            var model = new ScriptedChatClient("gpt-4o-mini", ScriptedChatClient.Says("The Hotel Bristol has 252 rooms."));
            var builder = Kernel.CreateBuilder();
            builder.Services.AddSingleton<IChatClient>(model.Instrumented());
            var kernel = builder.Build();
            using var capture = TraceCapture.Start(new TraceCaptureOptions { Redact = false });
            await kernel.InvokePromptAsync("How many rooms has the Hotel Bristol in Oslo?");
            capture.Dispose();
            var trace = capture.ToTrace();
            Assert.Matches("^execute_tool InvokePromptAsync_[0-9a-f]{32}$", trace.Spans[0].Name);
            paths.Add(trace.Spans.Select(s => s.Path).ToArray());
        }

        Assert.Equal(["execute_tool InvokePromptAsync_{id}", "execute_tool InvokePromptAsync_{id}/chat gpt-4o-mini"], paths[0]);
        Assert.Equal(paths[0], paths[1]);
    }
}
