using TraceRegress.Engine;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A plain step's output that is a record of codes and figures (what a function returned) is data, not a statement; an
/// output with prose in it is still an agent's words to judge.
/// </summary>
public class ReturnRecordTests
{
    [Theory]
    [InlineData("""{"status": 201, "comment_id": "c-99120"}""", true)]
    [InlineData("""{"ok": true, "order": {"id": "A1B2C3", "total": 412.5}}""", true)]
    [InlineData("""{"output": "The revenue was $4.7 billion."}""", false)]
    [InlineData("""{"status": "sent", "note": "Delivered to the helpdesk queue"}""", false)]
    [InlineData("""{"results": [{"id": 1}]}""", false)]
    [InlineData("""{}""", false)]
    [InlineData("The order shipped on 2026-05-19.", false)]
    [InlineData("{not json", false)]
    public void A_record_without_prose_is_a_return_value(string output, bool isRecord) =>
        Assert.Equal(isRecord, AgentTurns.IsRecordWithoutProse(AttributeValue.FromString(output)));

    [Fact]
    public void A_map_of_scalars_is_a_return_value_and_a_map_with_a_sentence_is_not()
    {
        var record = AttributeValue.FromMap([new("status", AttributeValue.FromInt(201)), new("id", AttributeValue.FromString("c-99120"))]);
        var prose = AttributeValue.FromMap([new("answer", AttributeValue.FromString("It ships on Monday"))]);
        Assert.True(AgentTurns.IsRecordWithoutProse(record));
        Assert.False(AgentTurns.IsRecordWithoutProse(prose));
    }
}
