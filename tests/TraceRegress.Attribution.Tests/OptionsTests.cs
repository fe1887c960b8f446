using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>What users may change: detectors, budgets, windows, the taxonomy, the whole engine.</summary>
[Collection(ProcessWideSettings.Name)]
public class OptionsTests
{
    private static readonly FailureCategory Declined = new("environment", "System Execution Errors", "API Issues", "Payment Provider Declined");

    /// <summary>A team's own detector: payment results whose <c>decline_code</c> is set.</summary>
    private sealed class DeclinedPaymentDetector : IDetector
    {
        public string Id => "payment-declined";

        public IEnumerable<Finding> Detect(DetectionContext context)
        {
            foreach (var span in context.Trace.Spans)
            {
                if (span.Attributes.GetString("gen_ai.tool.call.result") is not { } result) continue;
                using var doc = JsonDocument.Parse(result);
                if (!doc.RootElement.TryGetProperty("decline_code", out var code)) continue;
                yield return context.CreateFinding(this, span, Declined.L4, "The payment provider declined the charge.",
                    [new Evidence(span.SpanId, "attributes[\"gen_ai.tool.call.result\"] $.decline_code", code.GetString()!)], 0.95);
            }
        }
    }

    [Fact]
    public void An_added_detector_can_cite_an_added_leaf_and_wins_as_the_origin()
    {
        var trace = Fixture.Load("options", "payment-declined.json");
        Assert.NotEqual("payment-declined", AttributionEngine.Default.Attribute(trace).Detector);

        var options = new AttributionOptions { Taxonomy = Taxonomy.Default.With(Declined), Detectors = { new DeclinedPaymentDetector() } };
        var a = new AttributionEngine(options).Attribute(trace);

        Assert.Equal("invoke_agent checkout-agent/execute_tool charge_card", a.Cited!.Path);
        Assert.Equal(Declined, a.Category);
        Assert.Equal("payment-declined", a.Detector);
        Assert.Equal(new Evidence("c0ffee0000000003", "attributes[\"gen_ai.tool.call.result\"] $.decline_code", "card_declined"), Assert.Single(a.Evidence));
        // The declined charge reaches the answer that claims the order is paid.
        Assert.Equal(["c0ffee0000000003", "c0ffee0000000004"], a.Chain);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void Disabled_detectors_do_not_run()
    {
        var trace = Fixture.Load("chains", "rate-limit-no-data.json");
        var options = new AttributionOptions { DisabledDetectors = { "http-status" } };
        var a = new AttributionEngine(options).Attribute(trace);
        Assert.DoesNotContain("http-status", a.OtherFindings.Select(f => f.Detector).Append(a.Detector));
        Assert.DoesNotContain(new AttributionEngine(options).Detectors, d => d.Id == "http-status");
    }

    [Fact]
    public void The_engine_copies_its_options()
    {
        var trace = Fixture.Load("detectors", "latency-budget.json");
        var options = new AttributionOptions();
        var engine = new AttributionEngine(options);
        options.LatencyBudgets["search_web"] = TimeSpan.FromSeconds(1);
        options.ContextWindows["gpt-4o"] = 10;
        Assert.False(engine.Attribute(trace, Fixture.Passing).FailureFound);
        Assert.True(new AttributionEngine(options).Attribute(trace, Fixture.Passing).FailureFound);
    }

    [Fact]
    public void A_default_latency_budget_applies_to_model_calls_and_tool_executions()
    {
        var trace = Fixture.Load("detectors", "latency-budget.json");
        var a = new AttributionEngine(new AttributionOptions { DefaultLatencyBudget = TimeSpan.FromSeconds(30) }).Attribute(trace);
        Assert.Equal("Timeout Issues", a.Category!.L4);
        Assert.Equal("invoke_agent research-agent/execute_tool search_web", a.Cited!.Path);
    }

    /// <summary>A replacement engine: cites the first span whose status is ERROR.</summary>
    private sealed class FirstErrorEngine : IAttributionEngine
    {
        public Attribution Attribute(AgentTrace trace)
        {
            var span = trace.Spans.FirstOrDefault(s => s.Status.Code == SpanStatusCode.Error);
            return span is null
                ? Attribution.NoFailure(trace.TraceId)
                : new Attribution(trace.TraceId, CitedSpan.Of(span), Taxonomy.Default.Find("Service Errors"), [], [span.SpanId], 0.5, "first error");
        }
    }

    [Fact]
    public void The_engine_is_replaceable_for_the_whole_test_project_and_resets_to_the_default()
    {
        try
        {
            Assert.Same(AttributionEngine.Default, AttributionEngine.Current);

            var mine = new FirstErrorEngine();
            AttributionEngine.Configure(mine);
            Assert.Same(mine, AttributionEngine.Current);
            Assert.Equal("first error", AttributionEngine.Current.Attribute(Fixture.Load("detectors", "exception-timeout.json")).Summary);

            AttributionEngine.Configure(o => o.RepetitionThreshold = 4);
            var configured = AttributionEngine.Current;
            Assert.IsType<AttributionEngine>(configured);
            Assert.True(AttributionEngine.Default.Attribute(Fixture.Load("detectors", "repeated-calls.json"), Fixture.Passing).FailureFound);
            Assert.False(configured.Attribute(Fixture.Load("detectors", "repeated-calls.json"), Fixture.Passing).FailureFound);

            AttributionEngine.ResetConfiguration();
            Assert.Same(AttributionEngine.Default, AttributionEngine.Current);
            Assert.Throws<ArgumentNullException>(() => AttributionEngine.Configure((IAttributionEngine)null!));
            Assert.Throws<ArgumentNullException>(() => AttributionEngine.Configure((Action<AttributionOptions>)null!));
        }
        finally
        {
            AttributionEngine.ResetConfiguration();
        }
    }

    /// <summary>A detector that breaks.</summary>
    private sealed class ThrowingDetector : IDetector
    {
        public string Id => "broken-detector";

        public IEnumerable<Finding> Detect(DetectionContext context) => throw new FormatException("bad regex");
    }

    [Fact]
    public void A_failing_added_detector_is_reported_by_its_id()
    {
        var engine = new AttributionEngine(new AttributionOptions { Detectors = { new ThrowingDetector() } });
        var e = Assert.Throws<InvalidOperationException>(() => engine.Attribute(Fixture.Load("clean", "clean-agent.json")));
        Assert.Contains("broken-detector", e.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(e.InnerException);
    }
    [Fact]
    public void Disabling_the_environment_detector_still_reports_the_tool_error()
    {
        var trace = Fixture.Load("detectors", "environment-setup.json");
        var all = AttributionEngine.Default.Attribute(trace);
        Assert.Equal("environment-setup", all.Detector);

        var a = new AttributionEngine(new AttributionOptions { DisabledDetectors = { "environment-setup" } }).Attribute(trace);
        Assert.Equal("tool-error-payload", a.Detector);
        Assert.Equal("Environment Setup Errors", a.Category!.L4);
        Assert.Equal(all.Cited, a.Cited);
        // The payload detector quotes the first error line of the output (the traceback), and still files it under the environment.
        Assert.Equal("Traceback (most recent call last):", Assert.Single(a.Evidence).Quote);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void With_both_running_the_environment_finding_is_kept_and_the_payload_finding_merged_into_it()
    {
        var trace = Fixture.Load("detectors", "environment-setup.json");
        var findings = AttributionEngine.Default.Detect(trace);
        var onTool = findings.Where(f => f.Span.Path == "invoke_agent data-analyst/execute_tool run_python" && f.Category.L4 == "Environment Setup Errors").ToArray();
        Assert.Equal("environment-setup", Assert.Single(onTool).Detector);
    }

    /// <summary>Reads tool results through the shared view, as the built-in detectors do.</summary>
    private sealed class ViewReadingDetector(string id, int priority) : IDetector
    {
        public string Id => id;

        public int Priority => priority;

        public List<GenAi.TraceView> Seen { get; } = [];

        public IEnumerable<Finding> Detect(DetectionContext context)
        {
            Seen.Add(context.View);
            foreach (var call in context.View.ToolCalls.Calls)
            {
                if (call.Error is not var (result, error)) continue;
                yield return context.CreateFinding(this, call.ExecutionSpan!, "Service Errors", $"{call.Name} failed: {error.Quote}",
                    [new Evidence(result.Span.SpanId, error.Source, error.Quote)], 0.8);
            }
        }
    }

    [Fact]
    public void An_added_detector_reads_the_same_view_as_the_built_in_ones()
    {
        var trace = Fixture.Load("detectors", "tool-error-status-ok.json");
        var detector = new ViewReadingDetector("my-tool-errors", 5);
        var engine = new AttributionEngine(new AttributionOptions { Detectors = { detector } });
        engine.Detect(trace);
        engine.Attribute(trace);

        // One view per trace, shared by both calls and equal to the public accessor.
        Assert.Equal(2, detector.Seen.Count);
        Assert.Same(detector.Seen[0], detector.Seen[1]);
        Assert.Same(GenAi.TraceView.Of(trace), detector.Seen[0]);
        var call = Assert.Single(detector.Seen[0].ToolCalls.Calls, c => c.Error is not null);
        Assert.Same(call.Result!.ErrorPayload, call.Result.ErrorPayload);
    }

    [Fact]
    public void A_declared_priority_decides_between_equal_findings_on_one_span()
    {
        var trace = Fixture.Load("detectors", "tool-error-status-ok.json");
        var builtIn = AttributionEngine.Default.Attribute(trace);
        Assert.Equal("tool-error-payload", builtIn.Detector);
        var leaf = builtIn.Category!.L4;

        // A detector reporting the same category on the same span with the same confidence: priority decides which is kept.
        Finding Same(IDetector d, DetectionContext c) => c.CreateFinding(d, c.Trace.FindById(builtIn.Cited!.SpanId)!, leaf, "mine", builtIn.Evidence, builtIn.Confidence);
        var first = new FixedDetector("before-built-ins", 1, Same);
        var last = new FixedDetector("after-built-ins", IDetector.DefaultPriority, Same);
        Assert.Equal("before-built-ins", new AttributionEngine(new AttributionOptions { Detectors = { first } }).Attribute(trace).Detector);
        Assert.Equal("tool-error-payload", new AttributionEngine(new AttributionOptions { Detectors = { last } }).Attribute(trace).Detector);
        Assert.Equal(IDetector.DefaultPriority, ((IDetector)new DeclinedPaymentDetector()).Priority);
    }

    [Fact]
    public void A_declared_standing_decides_whether_an_inferred_cause_is_cited_before_the_inferred_origin()
    {
        // No error signal: the engine cites where the answer's content entered, on inference.
        var trace = Fixture.Load("clean", "clean-agent.json");
        var origin = AttributionEngine.Default.Attribute(trace);
        Assert.Equal(AttributionBasis.Inference, origin.Basis);
        var other = trace.Spans.First(s => s.SpanId != origin.Cited!.SpanId && s.Parent is not null);

        // A content rule of the user's own, inferring a cause on another span with no error signal.
        Finding Inferred(IDetector d, DetectionContext c) =>
            c.CreateFinding(d, other, "Tool Output Misinterpretation", "mine", [new Evidence(other.SpanId, "name", other.Name)], 0.6) with { Basis = AttributionBasis.Inference };
        var asEvidence = new FixedDetector("my-rule", IDetector.DefaultPriority, Inferred);
        var asContent = new FixedDetector("my-rule", IDetector.DefaultPriority, Inferred, DetectorStanding.ContentInference);

        // Declared as evidence (the default), a finding on inference is cited only when nothing else was found.
        Assert.Equal(DetectorStanding.Evidence, ((IDetector)new DeclinedPaymentDetector()).Standing);
        Assert.Equal(origin.Cited!.SpanId, new AttributionEngine(new AttributionOptions { Detectors = { asEvidence } }).Attribute(trace).Cited!.SpanId);

        // Declared as a content inference, like the built-in content rules, it comes before the inferred origin.
        var mine = new AttributionEngine(new AttributionOptions { Detectors = { asContent } }).Attribute(trace);
        Assert.Equal(("my-rule", other.SpanId), (mine.Detector, mine.Cited!.SpanId));
    }

    private sealed class FixedDetector(string id, int priority, Func<IDetector, DetectionContext, Finding> make, DetectorStanding standing = DetectorStanding.Evidence) : IDetector
    {
        public string Id => id;

        public int Priority => priority;

        public DetectorStanding Standing => standing;

        public IEnumerable<Finding> Detect(DetectionContext context) => [make(this, context)];
    }
}
