namespace TraceRegress.AttributionTests;

/// <summary>
/// A listed item presented as going ahead when the listing says it is off: the first meeting of the day given as one its
/// organiser cancelled, a flight recommended that the status board lists as cancelled. Five runs in
/// <c>Fixtures/cancelled</c>, written as a Semantic Kernel agent over Microsoft.Extensions.AI (OTLP) and an OpenInference
/// agent (Phoenix's export) log them, labelled before the rule was written: two positives and three negatives (the
/// cancelled item skipped, named as cancelled, or left unnamed). Before the rule one positive of two was right, by the
/// fallback that cites the answering call; the meeting was cited there as Incorrect Problem Identification.
/// <para>
/// Three more, a LangGraph gym agent in LangSmith's export, for an item named by its start time alone ("your first class
/// starts at 8:30 am"): the class the studio cancelled given as the first (before the rule: the right call, cited as
/// Incorrect Problem Identification by the fallback), the answer that says it is off, and a time two bookings share, one
/// of them going ahead, which names neither alone.
/// </para>
/// </summary>
public class CancelledItemTests
{
    private const string Folder = "cancelled";

    public static TheoryData<string> Positives() => Fixture.Positives(Folder);

    public static TheoryData<string> Negatives() => Fixture.Negatives(Folder);

    [Theory]
    [MemberData(nameof(Positives))]
    public void The_labelled_span_and_category_are_cited(string file) => Fixture.AssertLabelCited(Folder, file, "cancelled-item");

    [Theory]
    [MemberData(nameof(Negatives))]
    public void An_item_skipped_or_said_to_be_cancelled_is_no_finding(string file) =>
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "cancelled-item");

    [Fact]
    public void Every_run_is_labelled_and_without_an_error_status() => Fixture.AssertLabelledRuns(Folder, 8, 3);

    [Fact]
    public void The_state_as_the_listing_gives_it_and_the_name_as_the_answer_gives_it_are_quoted()
    {
        var meeting = Fixture.Attribute(Folder, "otlp-dotnet-sk-first-meeting-is-a-cancelled-one.json");
        Assert.Contains(meeting.Evidence, e => e.Quote == "\"status\": \"cancelled\"");
        Assert.Contains(meeting.Evidence, e => e.Quote == "Design review");

        var flight = Fixture.Attribute(Folder, "openinference-agent-recommends-cancelled-flight.json");
        Assert.Contains(flight.Evidence, e => e.Quote == "\"status\": \"CANCELLED\"");
        Assert.Contains(flight.Evidence, e => e.Quote == "UA 512");
    }

    [Fact]
    public void A_flag_says_it_as_a_status_does()
    {
        // "cancelled": true in place of the status, in the tool's result and in the history the answering call was given.
        const string status = """
            "organizer": "lena.fischer", "status": "cancelled"
            """;
        const string flag = """
            "organizer": "lena.fischer", "cancelled": true
            """;
        static string Once(string json) => json.Replace("\"", "\\\"", StringComparison.Ordinal);
        static string Twice(string json) => json.Replace("\"", "\\\\\\\"", StringComparison.Ordinal);
        var flagged = Fixture.Edited(Folder, "otlp-dotnet-sk-first-meeting-is-a-cancelled-one.json", (Twice(status), Twice(flag)), (Once(status), Once(flag)));
        var a = AttributionEngine.Default.Attribute(flagged);
        Assert.Equal(("invoke_agent Assistant/chat gpt-4o[2]", "Tool Output Misinterpretation", "cancelled-item"), (a.Cited?.Path, a.Category?.L4, a.Detector));
        Assert.Contains(a.Evidence, e => e.Quote == "\"cancelled\": true");
    }

    [Fact]
    public void An_item_named_by_its_start_time_is_quoted_as_the_answer_writes_it()
    {
        var a = Fixture.Attribute(Folder, "langsmith-langgraph-first-class-is-a-cancelled-one.json");
        Assert.Contains(a.Evidence, e => e.Quote == "\"status\": \"cancelled_by_studio\"");
        Assert.Contains(a.Evidence, e => e.Quote == "8:30 am");
        Assert.Contains("the start of \"Spin 45\"", a.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8:30 am", true)]
    [InlineData("08:30", true)]
    [InlineData("8.30am", true)]
    [InlineData("8.30", false)]
    [InlineData("8:30 p.m.", false)]
    [InlineData("10:15 am", false)]
    public void A_time_names_the_item_only_when_it_is_its_start(string said, bool finding)
    {
        var edited = Fixture.Edited(Folder, "langsmith-langgraph-first-class-is-a-cancelled-one.json", ("starts at 8:30 am in Studio B", $"starts at {said} in Studio B"));
        var found = AttributionEngine.Default.Detect(edited).Any(f => f.Detector == "cancelled-item");
        Assert.Equal(finding, found);
    }
}
