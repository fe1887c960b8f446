using System.Text;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A booking reference, confirmation or order code changed between the tool result and the answer is cited, on its
/// own (every other fact right); the same run with the code repeated faithfully is not cited for it.
/// </summary>
public class CodeGroundingTests
{
    /// <summary>File, the code the answer states, the code the tool returned, the labelled span and leaf.</summary>
    public static TheoryData<string, string, string, string, string> Runs() => new()
    {
        { "meai-hotel-confirmation-swapped.json", "K9F2QZ", "K9F2ZQ", "orchestrate_tools/chat gpt-4o[2]", "Tool Output Misinterpretation" },
        { "langfuse-rebooking-reference-invented.json", "R2DM8X", "W7PK4N", "rebooking-assistant/OpenAI-generation[2]", "Language-only hallucination" },
        { "openinference-order-id-transposed.json", "a7k92x", "a7k29x", "order_helper/ChatCompletion[2]", "Tool Output Misinterpretation" },
        // The date and the reference both changed; with the date put right, the reference alone is still seen.
        { "otlp-booking-date-and-reference-changed.json", "QX7R2B", "QX7R2P", "invoke_agent travel-concierge/chat gpt-4o[2]", "Tool Output Misinterpretation" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void The_changed_code_is_cited_and_quoted(string file, string stated, string returned, string path, string leaf)
    {
        _ = returned;
        var trace = file.StartsWith("otlp-booking", StringComparison.Ordinal)
            ? Variant(file, ("15 June 2026", "14 June 2026"))
            : Fixture.Load("exported", file);
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.True(a.Cited?.Path == path && a.Category?.L4 == leaf, $"{file}: cited {a.Cited?.Path} | {a.Category?.L4} by {a.Detector}: {a.Summary}");
        Assert.Equal(AttributionBasis.UngroundedContent, a.Basis);
        Assert.Contains(a.Evidence, e => e.Quote == stated && e.SpanId == a.Cited!.SpanId);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void With_the_code_right_nothing_is_found_about_it(string file, string stated, string returned, string path, string leaf)
    {
        var trace = Variant(file, (stated, returned), ("15 June 2026", "14 June 2026"));
        var findings = AttributionEngine.Default.Detect(trace);
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact");
        Assert.DoesNotContain(findings, f => f.Evidence.Any(e => e.Quote.Contains(returned, StringComparison.OrdinalIgnoreCase)));

        // A corpus trace is a failure: the most probable origin is still cited, but as inference, not for the code.
        _ = (path, leaf);
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Equal(AttributionBasis.Inference, a.Basis);
        Assert.True(a.Confidence <= 0.3, $"{file} with the code right: {a.Confidence} {a.Summary}");
        Assert.DoesNotContain(a.Evidence, e => e.Quote.Contains(stated, StringComparison.Ordinal));
    }

    private static AgentTrace Variant(string file, params (string From, string To)[] replacements)
    {
        var text = File.ReadAllText(Fixture.Path("exported", file));
        foreach (var (from, to) in replacements) text = text.Replace(from, to, StringComparison.Ordinal);
        return AgentTrace.Parse(Encoding.UTF8.GetBytes(text), file);
    }
}
