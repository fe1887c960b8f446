using System.Text;
using TraceRegress.Generators.Models;
using TraceRegress.Generators.Parsing;

namespace TraceRegress.Generators.Tests;

/// <summary>The build-time check: well-formed JSON and a recognised format, from content alone.</summary>
public class TraceValidatorTests
{
    [Theory]
    [InlineData("corpus/checkout/timeout-0519.json", nameof(TraceFormatKind.FlatSpans))]
    [InlineData("corpus/checkout/coupon-rate-limit.json", nameof(TraceFormatKind.Otlp))]
    [InlineData("corpus/search/langsmith-wrong-tool.json", nameof(TraceFormatKind.LangSmith))]
    [InlineData("corpus/search/zipkin-404.json", nameof(TraceFormatKind.Zipkin))]
    [InlineData("bad/unknown-format.json", nameof(TraceFormatKind.Unknown))]
    public void Detects_the_format_from_content(string fixture, string expected)
    {
        var validation = TraceValidator.Validate(Encoding.UTF8.GetBytes(Fixtures.Read(fixture)));

        Assert.Null(validation.Error);
        Assert.Equal(expected, validation.Format.ToString());
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var deep = "{\"spans\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        var validation = TraceValidator.Validate(Encoding.UTF8.GetBytes(deep));

        Assert.NotNull(validation.Error);
        Assert.Contains("depth", validation.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Comments_are_allowed_like_the_core_reader_allows_them()
    {
        var validation = TraceValidator.Validate(Encoding.UTF8.GetBytes("// exported by hand\n" + Fixtures.Read("corpus/checkout/timeout-0519.json")));

        Assert.Null(validation.Error);
        Assert.Equal(TraceFormatKind.FlatSpans, validation.Format);
    }

    [Fact]
    public void A_large_trace_is_read_in_one_pass()
    {
        var span = Fixtures.Read("corpus/checkout/timeout-0519.json");
        var inner = span[(span.IndexOf('[') + 1)..span.LastIndexOf(']')];
        var big = "{\"spans\":[" + string.Join(",", Enumerable.Repeat(inner, 20_000)) + "]}";

        var validation = TraceValidator.Validate(Encoding.UTF8.GetBytes(big));

        Assert.Null(validation.Error);
        Assert.Equal(TraceFormatKind.FlatSpans, validation.Format);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_compilers_text_and_the_files_bytes_get_the_same_verdict_and_error_offset(bool broken)
    {
        // Large enough to cross many chunks, with multi-byte characters (and a surrogate pair) cut at chunk edges.
        var span = Fixtures.Read("corpus/checkout/timeout-0519.json");
        var inner = span[(span.IndexOf('[') + 1)..span.LastIndexOf(']')].Replace("checkout-agent.run", "caf\u00e9 agent — réservé 🚀", StringComparison.Ordinal);
        var text = "{\"spans\":[" + string.Join(",", Enumerable.Repeat(inner, 3_000)) + (broken ? "},]}" : "]}");

        var fromText = TraceValidator.Validate(Microsoft.CodeAnalysis.Text.SourceText.From(text, Encoding.UTF8), CancellationToken.None);
        var fromBytes = TraceValidator.Validate(Encoding.UTF8.GetBytes(text));

        Assert.Equal(fromText.Format, fromBytes.Format);
        Assert.Equal(fromText.Error, fromBytes.Error);
        Assert.Equal(fromText.ErrorOffset, fromBytes.ErrorOffset);
        Assert.Equal(fromText.Shape.Paths.Order(StringComparer.Ordinal), fromBytes.Shape.Paths.Order(StringComparer.Ordinal));
        Assert.Equal(broken, fromText.Error is not null);
    }
}
