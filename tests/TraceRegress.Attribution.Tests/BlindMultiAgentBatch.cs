namespace TraceRegress.AttributionTests;

/// <summary>
/// The checks every blind multi-agent batch makes of its twelve runs: in each mode (without and with the expected
/// answer) the labelled step and agent are cited, or the known miss pinned for that mode is; and every run is a
/// realistic multi-agent run. A batch gives its folder, a static <c>Runs()</c> (file, labelled step, labelled agent, known
/// miss without the expected answer, known miss with it) and the range of turns its runs have.
/// </summary>
public abstract class BlindMultiAgentBatch
{
    /// <summary>The batch's folder under <c>Fixtures</c>.</summary>
    protected abstract string Folder { get; }

    /// <summary>The fewest turns of a Magentic-One run of the batch.</summary>
    protected virtual int MagenticOneTurns => 25;

    /// <summary>The fewest turns of a group chat of the batch.</summary>
    protected virtual int GroupChatTurns => 7;

    /// <summary>The most turns of any run of the batch.</summary>
    protected virtual int MostTurns => 50;

    // Each batch declares its own static Runs(); xUnit reads it from the class the test runs in.
#pragma warning disable xUnit1015
    [Theory]
    [MemberData("Runs")]
    public void Without_the_expected_answer_the_labelled_step_and_agent_are_cited(string file, int step, string agent, string? missWithout, string? missWith)
    {
        _ = missWith;
        LabelledRun.Check(Folder, file, expected: null, step, agent, missWithout);
    }

    [Theory]
    [MemberData("Runs")]
    public void With_the_expected_answer_the_labelled_step_and_agent_are_cited(string file, int step, string agent, string? missWithout, string? missWith)
    {
        _ = missWithout;
        LabelledRun.Check(Folder, file, LabelledRun.ExpectedAnswer(Folder, file), step, agent, missWith);
    }
#pragma warning restore xUnit1015

    [Fact]
    public void Every_run_is_a_multi_agent_run_of_realistic_length_with_no_error_status_and_an_expected_answer()
    {
        var runs = (IEnumerable<object?[]>)GetType().GetMethod("Runs")!.Invoke(null, null)!;
        foreach (var row in runs)
        {
            var file = (string)row[0]!;
            var fewest = file.StartsWith("magentic-one", StringComparison.Ordinal) ? MagenticOneTurns : GroupChatTurns;
            LabelledRun.AssertRealistic(Folder, file, (int)row[1]!, (string)row[2]!, fewest, MostTurns);
        }
    }
}
