namespace TraceRegress.AttributionTests;

/// <summary>
/// A source out of date for the question: a retrieved document or a tool's record that dates itself (effective, last
/// updated, valid until) long before the time the question is about, whose price, fee or rate the answer gives as
/// current. Seven runs in <c>Fixtures/stale</c>, written as Microsoft.Extensions.AI (OTLP) and LangChain through
/// OpenInference (Phoenix's export) log them and labelled in their <c>.label.json</c> before the rule was written: three
/// positives (a rate card past its "valid until", a retriever that brought back only a fee schedule updated two years
/// earlier, a call that took the older of two schedules it was given) and four negatives (a rate card still valid, a
/// question about the rate card's own year, an old article that gives only a period, an old schedule whose figures the
/// answer does not use). Before the rule one positive of three was right: the fallback that cites the answering call when
/// nothing else is found happened to fit the call that took the older schedule; the other two were cited there too.
/// </summary>
public class StaleSourceTests
{
    private const string Folder = "stale";

    public static TheoryData<string> Positives() => Fixture.Positives(Folder);

    public static TheoryData<string> Negatives() => Fixture.Negatives(Folder);

    [Theory]
    [MemberData(nameof(Positives))]
    public void The_labelled_span_and_category_are_cited(string file) => Fixture.AssertLabelCited(Folder, file, "stale-source");

    [Theory]
    [MemberData(nameof(Negatives))]
    public void A_current_source_or_a_figure_that_does_not_age_is_no_finding(string file) =>
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "stale-source");

    [Fact]
    public void Every_run_is_labelled_and_without_an_error_status() => Fixture.AssertLabelledRuns(Folder, 7, 3);

    [Fact]
    public void The_date_the_source_gives_itself_and_the_figure_the_answer_took_are_quoted()
    {
        var a = Fixture.Attribute(Folder, "otlp-dotnet-meai-kb-rate-card-past-valid-until.json");
        Assert.Contains(a.Evidence, e => e.Quote == "\"valid_until\": \"2025-12-31\"");
        Assert.Contains(a.Evidence, e => e.Quote == "$8.50");
        Assert.Contains("valid until 2025-12-31", a.Summary, StringComparison.Ordinal);

        var older = Fixture.Attribute(Folder, "openinference-langchain-takes-older-of-two-fee-schedules.json");
        Assert.Contains(older.Evidence, e => e.Quote == "\"last_updated\": \"2023-03-01\"");
        Assert.Contains(older.Evidence, e => e.Quote == "\"last_updated\": \"2025-07-01\"");
        Assert.Contains(older.Evidence, e => e.Quote == "$25");
    }

    [Fact]
    public void A_figure_a_record_gives_as_a_number_is_taken_as_the_answer_states_it()
    {
        // The rate as a field of the record ("standard_2kg_usd": 8.50), and no amount in its prose: the answer's $8.50 came from it.
        var field = Fixture.Edited(Folder, "otlp-dotnet-meai-kb-rate-card-past-valid-until.json",
            ("Standard (5-8 business days): $8.50 per parcel up to 2 kg, $3.25 each additional kg. Express (2-3 business days): $19.90 per parcel.",
             "Standard (5-8 business days) per parcel up to 2 kg, Express (2-3 business days) per parcel."),
            ("\\\"valid_until\\\": \\\"2025-12-31\\\", ", "\\\"valid_until\\\": \\\"2025-12-31\\\", \\\"standard_2kg_usd\\\": 8.50, "));
        var a = AttributionEngine.Default.Attribute(field);
        Assert.Equal(("invoke_agent CareBot/execute_tool search_kb", "Poor Information Retrieval"), (a.Cited?.Path, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "$8.50");
    }

    [Fact]
    public void How_old_a_source_may_be_is_an_option()
    {
        // The fee schedule is two years and eight months older than the question: out of date by default, not with three years allowed.
        var trace = Fixture.Load(Folder, "openinference-langchain-retriever-old-fee-schedule.json");
        Assert.Contains(AttributionEngine.Default.Detect(trace), f => f.Detector == "stale-source");
        var lenient = new AttributionEngine(new AttributionOptions { StaleSourceAge = TimeSpan.FromDays(3 * 365) });
        Assert.DoesNotContain(lenient.Detect(trace), f => f.Detector == "stale-source");
    }

    [Fact]
    public void A_date_in_prose_dates_the_source_and_a_later_date_in_the_task_sets_the_question_time()
    {
        // The same retrieval with the date written in the document's text and no metadata.
        var prose = Fixture.Edited(Folder, "openinference-langchain-retriever-old-fee-schedule.json",
            ("\"retrieval.documents.0.document.content\": \"Fee schedule. Outgoing", "\"retrieval.documents.0.document.content\": \"Fee schedule, effective 1 March 2023. Outgoing"),
            ("\\\"last_updated\\\": \\\"2023-03-01\\\"", "\\\"owner\\\": \\\"treasury\\\""));
        var a = AttributionEngine.Default.Attribute(prose);
        Assert.Equal(("RetrievalQA/VectorStoreRetriever", "Poor Information Retrieval"), (a.Cited?.Path, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "effective 1 March 2023");

        // A question put in the past with no date: no time to be out of date for.
        var past = Fixture.Edited(Folder, "otlp-dotnet-meai-kb-rate-card-past-valid-until.json",
            ("How much is standard shipping to Canada for a 2 kg parcel?", "How much did standard shipping to Canada cost for a 2 kg parcel when I ordered?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(past), f => f.Detector == "stale-source");

        // A question about 2023 itself: the 2023 schedule is the right one.
        var then = Fixture.Edited(Folder, "openinference-langchain-retriever-old-fee-schedule.json",
            ("What's your current fee for an outgoing international wire?", "What was the fee for an outgoing international wire in June 2023?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(then), f => f.Detector == "stale-source");
    }

    [Theory]
    [InlineData("2024-02-01", 2024, 2, 1)]
    [InlineData("2024-06-30T02:10:00Z", 2024, 6, 30)]
    [InlineData("1 June 2026", 2026, 6, 1)]
    [InlineData("March 2024", 2024, 3, 1)]
    [InlineData("June 9, 2026", 2026, 6, 9)]
    [InlineData("2023", 2023, 1, 1)]
    public void Dates_are_read_as_written(string written, int year, int month, int day)
    {
        Assert.Equal(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc), TraceRegress.Engine.Detectors.StaleSourceDetector.Parse(written));
    }

    [Theory]
    [InlineData("2024-02-30")]
    [InlineData("next Tuesday")]
    [InlineData("v2.1")]
    public void What_is_no_date_is_not_read_as_one(string written)
    {
        Assert.Null(TraceRegress.Engine.Detectors.StaleSourceDetector.Parse(written));
    }
}
