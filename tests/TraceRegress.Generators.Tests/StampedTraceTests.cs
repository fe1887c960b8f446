using System.Text;
using Microsoft.CodeAnalysis.Text;
using TraceRegress.Generators.Parsing;

namespace TraceRegress.Generators.Tests;

/// <summary>
/// Traces the build task checked before the compiler ran carry a stamp with their format. The generator then builds
/// their tests without reading them, and the result is the same as reading them; anything else is read as before.
/// </summary>
public class StampedTraceTests
{
    /// <summary>The corpus fixture as the generator sees it without stamps: every file read.</summary>
    private static GeneratorHarness Unstamped(References references) => new GeneratorHarness { References = references }.AddFixtureFolder("corpus");

    /// <summary>
    /// The same corpus with every trace stamped with the format the validator finds in it (what the task writes), and
    /// whose text throws when read; approval files are read as usual.
    /// </summary>
    private static (GeneratorHarness Harness, List<GeneratorHarness.StampedText> Stamped) Stamped(References references)
    {
        var harness = new GeneratorHarness { References = references };
        var stamped = new List<GeneratorHarness.StampedText>();
        var root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "corpus");
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var path = GeneratorHarness.CorpusDir + "/" + Path.GetRelativePath(root, file).Replace('\\', '/');
            var content = File.ReadAllText(file);
            if (CorpusPaths.RoleOf(path) != Models.CorpusFileRole.Trace)
            {
                harness.AddText(path, content);
                continue;
            }

            var validation = TraceValidator.Validate(SourceText.From(content, Encoding.UTF8), CancellationToken.None);
            Assert.Null(validation.Error);
            var text = new GeneratorHarness.StampedText(path, TraceCheckStamp.FormatName(validation.Format));
            stamped.Add(text);
            harness.Add(text);
        }

        Assert.NotEmpty(stamped);
        return (harness, stamped);
    }

    [Theory]
    [InlineData(References.Xunit)]
    [InlineData(References.NUnit)]
    [InlineData(References.XunitV3)]
    [InlineData(References.MSTest)]
    public void Stamped_traces_are_not_read_and_give_the_same_tests_as_reading_them(References references)
    {
        var read = Unstamped(references).Run();
        var (harness, stamped) = Stamped(references);

        var skipped = harness.Run();

        Assert.All(stamped, text => Assert.Equal(0, text.Reads));
        Assert.Empty(skipped.Diagnostics);
        Assert.Empty(skipped.CompilationProblems());
        Assert.NotEmpty(read.Sources);
        Assert.Equal(read.AllSources(), skipped.AllSources());
    }

    [Fact]
    public void The_model_of_a_stamped_trace_equals_the_model_read_from_its_text()
    {
        var content = Fixtures.Read("corpus/checkout/coupon-rate-limit.json");
        var path = GeneratorHarness.CorpusDir + "/checkout/coupon-rate-limit.json";
        var read = new GeneratorHarness().AddText(path, content).Run();
        var stamped = new GeneratorHarness().Add(new GeneratorHarness.StampedText(path, "Otlp")).Run();

        Assert.Equal(ModelsOf(read), ModelsOf(stamped));
    }

    [Theory]
    [InlineData("0", "FlatSpans")]
    [InlineData("", "FlatSpans")]
    [InlineData(TraceCheckStamp.Version, "Unknown")]
    [InlineData(TraceCheckStamp.Version, "")]
    [InlineData(TraceCheckStamp.Version, "flatspans")]
    [InlineData(TraceCheckStamp.Version, "NotAFormat")]
    public void A_stamp_of_another_version_or_without_a_known_format_is_not_trusted_and_the_trace_is_read(string stamp, string format)
    {
        var path = GeneratorHarness.CorpusDir + "/checkout/timeout-0519.json";
        var text = new GeneratorHarness.StampedText(path, format, stamp);

        var outcome = new GeneratorHarness().Add(text).Run();

        Assert.Equal(1, text.Reads);
        // The read fails (this text throws) and the generator reports it as it reports any failed read.
        Assert.Equal("TRG006", Assert.Single(outcome.Diagnostics).Id);
    }

    [Theory]
    [InlineData("bad/malformed.json")]
    [InlineData("bad/truncated.json")]
    [InlineData("bad/unknown-format.json")]
    public void A_bad_trace_without_a_stamp_keeps_its_diagnostic_where_it_was(string fixture)
    {
        var path = GeneratorHarness.CorpusDir + "/bad.json";
        var content = Fixtures.Read(fixture);
        var before = new GeneratorHarness().AddText(path, content).Run();
        // Beside traces the task stamped, as in a real build where only the bad one is left unstamped.
        var (harness, _) = Stamped(References.Xunit);
        var after = harness.AddText(path, content).Run();

        var expected = Assert.Single(before.Diagnostics);
        var actual = Assert.Single(after.Diagnostics);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.GetMessage(), actual.GetMessage());
        Assert.Equal(expected.Location.GetLineSpan(), actual.Location.GetLineSpan());
        Assert.Equal(expected.Location.SourceSpan, actual.Location.SourceSpan);
    }

    private static List<string> ModelsOf(GeneratorOutcome outcome) =>
        outcome.RunResult.Results.Single().TrackedSteps[TrackingNames.CorpusFiles]
            .SelectMany(step => step.Outputs)
            .Select(output => output.Value.ToString()!)
            .ToList();
}
