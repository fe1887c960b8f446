using TraceRegress.Judge;
using Xunit;

namespace TravelAgent.JudgeTests;

/// <summary>A hand-written test beside the generated ones: what the judge saw, and from where its verdict came.</summary>
public sealed class HotelBookingTests
{
    private static string AgentTrace(string relative) => Path.Combine(AppContext.BaseDirectory, "traces", relative);

    [Fact]
    public void The_Paris_Texas_booking_is_read_by_the_judge_and_replayed_from_its_recording()
    {
        var engine = Assert.IsType<LlmJudgeEngine>(AttributionEngine.Current);

        var result = engine.Judge(TraceRegress.AgentTrace.Load(AgentTrace("hotels/paris-texas.json")));

        Assert.Equal(JudgePath.Judge, result.Path);
        Assert.Equal(VerdictSource.Replayed, result.Source);
        Assert.Equal("Poor Information Retrieval", result.Attribution.Category!.L4);
        Assert.Equal("invoke_agent travel-agent/chat gpt-4.1-mini[1]", result.Attribution.Cited!.Path);
    }

    [Fact]
    public void A_rate_limited_search_is_settled_by_the_rules_without_asking_the_judge()
    {
        var engine = Assert.IsType<LlmJudgeEngine>(AttributionEngine.Current);

        var result = engine.Judge(TraceRegress.AgentTrace.Load(AgentTrace("flights/search-rate-limited.json")));

        Assert.Equal(JudgePath.Rules, result.Path);
        Assert.Equal(VerdictSource.None, result.Source);
    }
}
