using TraceRegress.Judge.Routing;

namespace TraceRegress.Judge.Tests;

public sealed class HybridRoutingTests
{
    [Fact]
    public void An_explicit_error_signal_stands_and_the_judge_is_not_asked()
    {
        var trace = AgentTrace.Load(Fixture.Path("corpus", "support", Fixture.RateLimited));
        var client = new ScriptedChatClient();

        var result = Judges.Engine(client, JudgeMode.Live).Judge(trace);

        Assert.Equal(JudgePath.Rules, result.Path);
        Assert.Equal(VerdictSource.None, result.Source);
        Assert.Contains("explicit error signal (http-status", result.Reason);
        Assert.Equal(AttributionEngine.Default.Attribute(trace).ToJson(), result.Attribution.ToJson());
        Assert.Empty(client.Requests);
    }

    [Fact]
    public void The_rules_path_needs_no_model_and_no_recording_even_in_replay()
    {
        var trace = AgentTrace.Load(Fixture.Path("corpus", "support", Fixture.RateLimited));

        var attribution = new LlmJudgeEngine(null, new JudgeOptions { Environment = TestEnvironment.Desktop }).Attribute(trace);

        Assert.Equal("http-status", attribution.Detector);
    }

    [Fact]
    public void A_finding_inferred_from_content_goes_to_the_judge_with_the_rules_findings_as_hints()
    {
        var trace = AgentTrace.Load(Fixture.Path("corpus", "support", Fixture.WrongPolicy));
        var client = new ScriptedChatClient(Fixture.WrongPolicyAnswer);

        var result = Judges.Engine(client, JudgeMode.Live).Judge(trace);

        Assert.Equal(JudgePath.Judge, result.Path);
        Assert.Contains("is inferred from content", result.Reason);
        var user = client.Requests[0][1].Text;
        Assert.Contains("Hints: the rules engine's findings", user);
        Assert.Contains("[a100000000000003] invoke_agent support-agent/execute_tool search_policies: ", user);
    }

    [Fact]
    public void With_hybrid_routing_off_the_judge_answers_even_an_explicit_error()
    {
        var trace = AgentTrace.Load(Fixture.Path("corpus", "support", Fixture.RateLimited));
        var answer = """{"spanId": "c200000000000002", "category": "Rate Limiting", "evidence": ["429"], "reasoning": "The model call was rate limited.", "confidence": 0.9}""";
        var client = new ScriptedChatClient(answer);

        var result = Judges.Engine(client, JudgeMode.Live, configure: o => o.Hybrid = false).Judge(trace);

        Assert.Equal(JudgePath.Judge, result.Path);
        Assert.Equal("Rate Limiting", result.Attribution.Category!.L4);
        Assert.Equal("attributes[\"http.response.status_code\"]", result.Attribution.Evidence[0].Source);
        Assert.Contains("(http-status, confidence 0.90)", client.Requests[0][1].Text);
    }

    public static TheoryData<string?, double, bool, JudgePath, string> Routes => new()
    {
        { null, 0, false, JudgePath.Judge, "the rules found no explicit error signal" },
        { "http-status", 0.9, true, JudgePath.Rules, "explicit error signal (http-status, confidence 0.90)" },
        { "exception", 0.55, true, JudgePath.Judge, "low confidence (0.55 < 0.70)" },
        { "repeated-tool-call", 0.95, true, JudgePath.Judge, "(repeated-tool-call) is inferred from content" },
        { "output-format", 0.9, true, JudgePath.Judge, "(output-format) is inferred from content" },
        { "unsupported-fact", 0.9, true, JudgePath.Judge, "(unsupported-fact) is inferred from content" },
        { "tool-error-payload", 0.8, true, JudgePath.Rules, "explicit error signal (tool-error-payload" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void The_route_follows_what_the_rules_citation_rests_on_and_its_confidence(string? detector, double confidence, bool found, JudgePath path, string reason)
    {
        var span = new CitedSpan("s1", "agent/tool", "tool");
        var category = Taxonomy.Default.Find("Rate Limiting")!;
        var rules = found
            ? new Attribution("t", span, category, [], ["s1"], confidence, "summary", detector)
            : Attribution.NoFailure("t");

        var route = HybridRouting.Decide(rules, 0.7);

        Assert.Equal(path, route.Path);
        Assert.Contains(reason, route.Reason);
    }

    [Theory]
    [InlineData(AttributionBasis.ErrorEvidence, JudgePath.Rules)]
    [InlineData(AttributionBasis.ExpectedAnswer, JudgePath.Rules)]
    [InlineData(AttributionBasis.UngroundedContent, JudgePath.Judge)]
    [InlineData(AttributionBasis.Inference, JudgePath.Judge)]
    public void What_the_citation_rests_on_decides_the_route_whatever_the_detector(AttributionBasis basis, JudgePath path)
    {
        var span = new CitedSpan("s1", "agent/tool", "tool");
        var category = Taxonomy.Default.Find("Rate Limiting")!;
        var rules = new Attribution("t", span, category, [], ["s1"], 0.9, "summary", "custom-detector", basis: basis);

        Assert.Equal(path, HybridRouting.Decide(rules, 0.7).Path);
    }
}
