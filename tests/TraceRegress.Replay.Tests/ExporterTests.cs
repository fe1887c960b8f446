using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using TraceRegress.OpenTelemetry;
using TraceRegress.Model;
using TraceRegress.TestSupport;

namespace TraceRegress.Replay.Tests;

public class ExporterTests
{
    [Fact]
    public void Ten_thousand_spans_stay_bounded_and_nothing_reaches_the_app()
    {
        using var folder = new TempFolder();
        using var source = new ActivitySource("Exporter.Tests.Load");
        TraceRegressExporter exporter = null!;
        var builder = Sdk.CreateTracerProviderBuilder().AddSource(source.Name);
        TraceRegressTracerProviderBuilderExtensions.AddTraceRegressExporter(builder, o =>
        {
            o.Folder = folder.Path;
            o.MaxPendingSpans = 500;
            o.MaxQueueSize = 16_384;
            // The app's own predicate has a bug for some runs: it must not reach the app.
            o.When = run => run.Root.GetTagItem("run") is int i && i % 100 == 50 ? throw new InvalidOperationException("predicate bug") : run.HasError;
        }, out exporter);
        var open = new List<Activity>();

        using (var provider = builder.Build())
        {
            // 1,000 runs of 10 spans from parallel threads: every 50th fails; 100 leave their root open, so their
            // children wait for a root that never ends and must be evicted.
            Parallel.For(0, 1_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            {
                var root = source.StartActivity($"invoke_agent run-{i}")!;
                root.SetTag("run", i);
                for (var c = 0; c < 9; c++)
                {
                    using var child = source.StartActivity($"step {c}");
                    if (i % 50 == 0 && c == 4) child!.SetStatus(ActivityStatusCode.Error, "quota exceeded");
                }

                if (i % 10 == 3)
                {
                    lock (open) open.Add(root);
                    Activity.Current = null;   // the open root must not parent the thread's next run
                }
                else
                {
                    root.Dispose();
                }
            });

            Assert.True(provider.ForceFlush(30_000));
        }

        Assert.Equal(10, exporter.Saved);                     // 20 failed runs, 10 of them hit the predicate's bug
        Assert.Equal(10, exporter.Errors);
        Assert.Equal(10, Directory.GetFiles(folder.Path, "*.json").Length);
        Assert.InRange(exporter.PeakPendingSpans, 1, 501);    // the bound, plus the span that tipped it
        Assert.InRange(exporter.PendingSpans, 0, 500);
        Assert.True(exporter.DroppedTraces > 0);
        foreach (var root in open) root.Dispose();
        var saved = AgentTrace.Load(Directory.GetFiles(folder.Path, "*.json")[0]);
        Assert.Equal(10, saved.Spans.Count);
        Assert.Contains(saved.Spans, s => s.Status.Code == SpanStatusCode.Error);
    }

    [Fact]
    public void Spans_past_the_per_trace_limit_are_dropped_and_the_saved_trace_says_so()
    {
        using var folder = new TempFolder();
        using var source = new ActivitySource("Exporter.Tests.Long");
        var builder = Sdk.CreateTracerProviderBuilder().AddSource(source.Name);
        TraceRegressTracerProviderBuilderExtensions.AddTraceRegressExporter(builder, o =>
        {
            o.Folder = folder.Path;
            o.MaxSpansPerTrace = 50;
        }, out var exporter);
        using (var provider = builder.Build())
        {
            using (var root = source.StartActivity("invoke_agent looping"))
            {
                for (var i = 0; i < 200; i++) source.StartActivity("execute_tool search")!.Dispose();
                root!.SetStatus(ActivityStatusCode.Error);
            }

            provider.ForceFlush();
        }

        var trace = AgentTrace.Load(Assert.Single(Directory.GetFiles(folder.Path, "*.json")));
        Assert.Equal(51, trace.Spans.Count);                  // the limit, and the root
        Assert.Equal(150, exporter.DroppedSpans);
        Assert.Equal(150L, trace.Spans[0].Resource.Attributes.GetInt64("traceregress.dropped_spans"));
    }

    [Fact]
    public void An_unwritable_folder_is_counted_not_thrown()
    {
        using var folder = new TempFolder();
        var notAFolder = Path.Combine(folder.Path, "file");
        File.WriteAllText(notAFolder, "");
        using var source = new ActivitySource("Exporter.Tests.Unwritable");
        var builder = Sdk.CreateTracerProviderBuilder().AddSource(source.Name);
        TraceRegressTracerProviderBuilderExtensions.AddTraceRegressExporter(builder, o => o.Folder = notAFolder, out var exporter);
        using (var provider = builder.Build())
        {
            using (var root = source.StartActivity("invoke_agent failing")) root!.SetStatus(ActivityStatusCode.Error);
            provider.ForceFlush();
        }

        Assert.Equal(1, exporter.Errors);
        Assert.Equal(0, exporter.Saved);
        Assert.Contains("IOException", exporter.LastError);
    }

    [Fact]
    public async Task A_run_the_app_marks_as_failed_is_saved_as_a_redacted_corpus_trace()
    {
        using var folder = new TempFolder();
        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .AddSource("Experimental.Microsoft.Extensions.AI", BookingAgent.SourceName)
                   .AddTraceRegressExporter(o => o.Folder = folder.Path)
                   .Build())
        {
            using (var feedback = new ActivitySource("Exporter.Tests.App").StartActivity("unused"))
            {
            }

            // Nothing fails by status; the user says the answer was wrong, and the app marks the run.
            var tools = new HotelTools();
            var agent = new BookingAgent(new ScriptedChatClient(Recorder.BristolScript), tools.All);
            await agent.RunAsync("Book me a hotel in Oslo for 2 nights, I am ana.silva@example.com");
            await new BookingAgent(new ScriptedChatClient(Recorder.BristolScript), tools.All).RunAsync(Recorder.BristolRequest);
            using (var marked = new ActivitySource(BookingAgent.SourceName).StartActivity("invoke_agent booker"))
            {
                TraceRegressRun.MarkFailed();
                await new BookingAgent(new ScriptedChatClient(Recorder.BristolScript), tools.All).RunAsync("Book me a hotel in Oslo for 2 nights, I am ana.silva@example.com");
            }

            provider.ForceFlush();
        }

        var file = Assert.Single(Directory.GetFiles(folder.Path, "*.json"));
        Assert.StartsWith("invoke-agent-booker-", Path.GetFileName(file));
        Assert.DoesNotContain("ana.silva@example.com", await File.ReadAllTextAsync(file));
        var trace = AgentTrace.Load(file);
        Assert.Equal(7, trace.Spans.Count);
        Assert.Equal("invoke_agent booker/invoke_agent booker/chat gpt-4o-mini[1]", trace.Select("chat gpt-4o-mini[1]").Path);
    }
}
