using Microsoft.CodeAnalysis;

namespace TraceRegress.Generators.Tests;

/// <summary>Every TRG diagnostic, with the file and line it points at.</summary>
public class DiagnosticTests
{
    private const string Good = "corpus/checkout/timeout-0519.json";

    [Fact]
    public void TRG001_a_truncated_trace_is_an_error_at_the_end_of_the_file_and_the_others_still_get_tests()
    {
        var outcome = new GeneratorHarness()
            .AddFixture(Good, "checkout/timeout-0519.json")
            .AddFixture("bad/truncated.json", "checkout/truncated.json")
            .Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.CorpusDir + "/checkout/truncated.json", span.Path);
        // The file ends after line 7 (a trailing newline): the reader fails there.
        Assert.Equal(7, span.StartLinePosition.Line);
        Assert.Contains("checkout/truncated.json", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(["MyAgent.Tests.Corpus.CheckoutTraces = checkout/timeout-0519.json"], GeneratedSourceTests.TestCases(outcome.Compilation));
    }

    [Fact]
    public void TRG001_malformed_json_points_at_the_line_and_column_of_the_first_error()
    {
        var outcome = new GeneratorHarness().AddFixture("bad/malformed.json", "malformed.json").Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG001", diagnostic.Id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.CorpusDir + "/malformed.json", span.Path);
        // Line 6 (1-based) is `      "operationName": …`, missing the comma before it; column 7 is its quote.
        Assert.Equal(5, span.StartLinePosition.Line);
        Assert.Equal(6, span.StartLinePosition.Character);
        Assert.Contains("'\"' is invalid after a value", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(outcome.Sources);
    }

    [Fact]
    public void TRG001_an_empty_trace_is_unreadable()
    {
        var outcome = new GeneratorHarness().AddText(GeneratorHarness.CorpusDir + "/empty.json", "").Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG001", diagnostic.Id);
        Assert.Equal(0, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void TRG001_columns_count_characters_not_bytes()
    {
        // A non-ASCII value before the error: the editor's column is in characters.
        var outcome = new GeneratorHarness().AddText(GeneratorHarness.CorpusDir + "/unicode.json", "{\"spanId\": \"çà\" x}").Run();

        var span = Assert.Single(outcome.Diagnostics).Location.GetLineSpan();
        Assert.Equal(0, span.StartLinePosition.Line);
        Assert.Equal(16, span.StartLinePosition.Character);
    }

    [Fact]
    public void TRG002_json_in_no_supported_format_is_an_error_naming_what_was_found()
    {
        var outcome = new GeneratorHarness()
            .AddFixture(Good, "checkout/timeout-0519.json")
            .AddFixture("bad/unknown-format.json", "chat/booking.json")
            .Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG002", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(GeneratorHarness.CorpusDir + "/chat/booking.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(0, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("top-level keys conversation, messages", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Single(GeneratedSourceTests.TestCases(outcome.Compilation));
    }

    [Fact]
    public void TRG001_json_lines_are_accepted_only_for_otlp()
    {
        var otlp = Fixtures.Read("corpus/checkout/coupon-rate-limit.json").ReplaceLineEndings("");
        var flat = Fixtures.Read(Good).ReplaceLineEndings("");
        var outcome = new GeneratorHarness()
            .AddText(GeneratorHarness.CorpusDir + "/collector.json", otlp + "\n" + otlp + "\n")
            .AddText(GeneratorHarness.CorpusDir + "/two-flat.json", flat + "\n" + flat + "\n")
            .Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG001", diagnostic.Id);
        Assert.Equal(GeneratorHarness.CorpusDir + "/two-flat.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(1, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Single(GeneratedSourceTests.TestCases(outcome.Compilation));
    }

    [Fact]
    public void Traces_whose_file_names_sanitise_alike_are_three_test_cases_and_no_warning()
    {
        var outcome = new GeneratorHarness()
            .AddFixture(Good, "checkout/timeout-0519.json")
            .AddFixture(Good, "checkout/timeout_0519.json")
            .AddFixture(Good, "checkout/Timeout 0519.json")
            .Run();

        // Each test case is named by its relative path, which is unique: nothing is renamed.
        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(
            [
                "MyAgent.Tests.Corpus.CheckoutTraces = checkout/Timeout 0519.json",
                "MyAgent.Tests.Corpus.CheckoutTraces = checkout/timeout-0519.json",
                "MyAgent.Tests.Corpus.CheckoutTraces = checkout/timeout_0519.json",
            ],
            GeneratedSourceTests.TestCases(outcome.Compilation));
        Assert.Equal(
            ["CheckoutTraces.g.cs"],
            outcome.Sources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.Empty(outcome.CompilationProblems());
    }

    [Fact]
    public void TRG003_folders_that_sanitise_to_the_same_class_get_numbered_and_a_warning()
    {
        var outcome = new GeneratorHarness()
            .AddFixture(Good, "check-out/a.json")
            .AddFixture(Good, "check_out/b.json")
            .Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG003", diagnostic.Id);
        Assert.Equal(GeneratorHarness.CorpusDir + "/check_out/b.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(
            [
                "MyAgent.Tests.Corpus.Check_outTraces = check-out/a.json",
                "MyAgent.Tests.Corpus.Check_outTraces_2 = check_out/b.json",
            ],
            GeneratedSourceTests.TestCases(outcome.Compilation));
    }

    [Fact]
    public void TRG004_an_approved_attribution_without_its_trace_is_a_warning_on_that_file()
    {
        var outcome = new GeneratorHarness()
            .AddFixture(Good, "checkout/timeout-0519.json")
            .AddFixture("corpus/checkout/timeout-0519.verified.json", "checkout/timeout-0519.verified.json")
            .AddFixture("bad/renamed-trace.verified.json", "checkout/renamed-trace.verified.json")
            .Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG004", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(GeneratorHarness.CorpusDir + "/checkout/renamed-trace.verified.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("expected 'checkout/renamed-trace.json'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void TRG004_is_not_reported_when_the_trace_exists_but_is_unreadable()
    {
        var outcome = new GeneratorHarness()
            .AddFixture("bad/truncated.json", "truncated.json")
            .AddFixture("corpus/checkout/timeout-0519.verified.json", "truncated.verified.json")
            .Run();

        Assert.Equal("TRG001", Assert.Single(outcome.Diagnostics).Id);
    }

    [Fact]
    public void TRG005_no_test_framework_is_an_error_on_the_first_trace()
    {
        var outcome = new GeneratorHarness { References = References.None }
            .AddFixture(Good, "search/b.json")
            .AddFixture(Good, "checkout/a.json")
            .Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG005", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(GeneratorHarness.CorpusDir + "/checkout/a.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(outcome.Sources);
    }

    [Fact]
    public void TRG006_a_trace_that_cannot_be_read_becomes_a_diagnostic_naming_it_not_a_crash()
    {
        var outcome = new GeneratorHarness()
            .AddFixture(Good, "checkout/timeout-0519.json")
            .Add(new GeneratorHarness.FailingText(GeneratorHarness.CorpusDir + "/checkout/locked.json"))
            .Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG006", diagnostic.Id);
        Assert.Equal(GeneratorHarness.CorpusDir + "/checkout/locked.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("'checkout/locked.json'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("IOException", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Null(outcome.RunResult.Results.Single().Exception);
        Assert.Single(GeneratedSourceTests.TestCases(outcome.Compilation));
    }

    [Fact]
    public void TRG007_a_marked_file_outside_the_corpus_folder_is_a_warning()
    {
        var outcome = new GeneratorHarness().AddText("/src/MyAgent.Tests/samples/loop.json", Fixtures.Read(Good)).Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG007", diagnostic.Id);
        Assert.Equal("/src/MyAgent.Tests/samples/loop.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(outcome.Sources);
    }

    [Theory]
    [InlineData("not-json.expected.json", 2, 12, "not valid JSON")]
    [InlineData("no-answer.expected.json", 0, 0, "expected an \"answer\" property")]
    [InlineData("answer-not-string.expected.json", 1, 12, "\"answer\" must be a string, not a number")]
    [InlineData("empty-answer.expected.json", 0, 11, "\"answer\" is empty")]
    public void TRG008_an_expected_answer_that_cannot_be_read_is_an_error_at_its_line_and_column(string fixture, int line, int column, string reason)
    {
        var outcome = new GeneratorHarness()
            .AddFixture(Good, "booking/total.json")
            .AddFixture("sidecars/" + fixture, "booking/total.expected.json")
            .Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG008", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.CorpusDir + "/booking/total.expected.json", span.Path);
        Assert.Equal(line, span.StartLinePosition.Line);
        Assert.Equal(column, span.StartLinePosition.Character);
        Assert.Contains("'booking/total.expected.json'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(reason, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void TRG008_an_empty_expected_answer_file_is_an_error()
    {
        var outcome = new GeneratorHarness().AddText(GeneratorHarness.CorpusDir + "/total.expected.json", "").Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG008", diagnostic.Id);
        Assert.Equal(0, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void Expected_answers_and_judge_verdicts_are_never_traces_tests_or_orphans()
    {
        // Beside their trace, and alone (their trace renamed away): neither gets a test or a TRG004.
        var outcome = new GeneratorHarness()
            .AddFixture(Good, "booking/total.json")
            .AddFixture("sidecars/booking-total.expected.json", "booking/total.expected.json")
            .AddFixture("sidecars/booking-total.judge.json", "booking/total.judge.json")
            .AddFixture("sidecars/booking-total.expected.json", "booking/renamed.expected.json")
            .AddFixture("sidecars/booking-total.judge.json", "booking/renamed.judge.json")
            .Run();

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(["MyAgent.Tests.Corpus.BookingTraces = booking/total.json"], GeneratedSourceTests.TestCases(outcome.Compilation));
        Assert.Empty(outcome.CompilationProblems());
    }

    [Fact]
    public void A_judge_verdict_is_not_validated_as_a_trace()
    {
        // Its content is read at test time; it would be an unknown trace format if it were taken for a trace.
        var outcome = new GeneratorHarness()
            .AddFixture(Good, "total.json")
            .AddText(GeneratorHarness.CorpusDir + "/total.judge.json", "{\"verdict\": {\"cited\": null}}")
            .Run();

        Assert.Empty(outcome.Diagnostics);
        Assert.Single(GeneratedSourceTests.TestCases(outcome.Compilation));
    }
}
