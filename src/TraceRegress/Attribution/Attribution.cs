using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress;

/// <summary>
/// The result of attributing a trace: the cited root-cause span, its failure category, the evidence
/// quoted from span content, the causal chain from the cited span to the observed failure, a
/// confidence, and the findings that lost. Serialises to the <c>.verified.json</c> shape.
/// </summary>
/// <remarks>
/// The JSON (<see cref="ToJson"/>) has, in this order: <c>traceId</c>; <c>cited</c> {<c>spanId</c>, <c>path</c>, <c>name</c>}
/// or null; <c>category</c> {<c>l1</c>, <c>l2</c>, <c>l3</c>, <c>l4</c>} or null; <c>evidence</c> [{<c>spanId</c>, <c>source</c>,
/// <c>quote</c>}]; <c>chain</c> [span ids, cited span first, the span where the failure shows last]; <c>confidence</c>
/// (0 to 1, two decimals); then the additions: <c>basis</c> (what the citation rests on: <c>error-evidence</c>,
/// <c>ungrounded-content</c>, <c>expected-answer</c> or <c>inference</c>; absent when nothing is cited), <c>summary</c>
/// (one sentence), <c>detector</c> (the id of the detector whose finding is cited; absent when no failure was found),
/// <c>warnings</c> (the trace reader's warnings, when there are any) and <c>otherFindings</c> [{<c>cited</c>,
/// <c>category</c>, <c>evidence</c>, <c>confidence</c>, <c>basis</c>, <c>summary</c>, <c>detector</c>}], the findings that
/// lost, in causal order. <c>cited</c> also says which agent the span belongs to (<c>agent</c>, null when none).
/// A trace with no failure gives <c>cited</c> and <c>category</c> null, empty <c>evidence</c> and <c>chain</c>,
/// <c>confidence</c> 0 and the summary <c>no failure found</c>.
/// </remarks>
public sealed class Attribution
{
    /// <summary>Creates an attribution.</summary>
    public Attribution(
        string traceId,
        CitedSpan? cited,
        FailureCategory? category,
        IReadOnlyList<Evidence> evidence,
        IReadOnlyList<string> chain,
        double confidence,
        string summary,
        string? detector = null,
        IReadOnlyList<Finding>? otherFindings = null,
        AttributionBasis? basis = null,
        IReadOnlyList<string>? warnings = null)
    {
        TraceId = traceId;
        Cited = cited;
        Category = category;
        Evidence = evidence;
        Chain = chain;
        Confidence = confidence;
        Summary = summary;
        Detector = detector;
        OtherFindings = otherFindings ?? [];
        Basis = cited is null ? null : basis ?? AttributionBasis.ErrorEvidence;
        Warnings = warnings ?? [];
    }

    /// <summary>A result for a trace in which no detector found a failure.</summary>
    public static Attribution NoFailure(string traceId) =>
        new(traceId, null, null, [], [], 0, "no failure found");

    /// <summary>The trace id.</summary>
    public string TraceId { get; }

    /// <summary>The root-cause span; null when no failure was found.</summary>
    public CitedSpan? Cited { get; }

    /// <summary>The failure category; null when no failure was found.</summary>
    public FailureCategory? Category { get; }

    /// <summary>Quotes from span content supporting the citation.</summary>
    public IReadOnlyList<Evidence> Evidence { get; }

    /// <summary>Span ids from the cited span to the span where the failure was observed.</summary>
    public IReadOnlyList<string> Chain { get; }

    /// <summary>How sure the engine is, from 0 to 1.</summary>
    public double Confidence { get; }

    /// <summary>One readable sentence on the failure.</summary>
    public string Summary { get; }

    /// <summary>The id of the detector whose finding was cited.</summary>
    public string? Detector { get; }

    /// <summary>The other findings, which lost to the cited one.</summary>
    public IReadOnlyList<Finding> OtherFindings { get; }

    /// <summary>What the citation rests on (explicit error evidence, ungrounded content, the expected answer, or inference); null when nothing is cited.</summary>
    public AttributionBasis? Basis { get; }

    /// <summary>What the trace reader warned about (duplicate span ids, orphans, several roots), which may make the citation less sure.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The same attribution with the reader's warnings attached.</summary>
    public Attribution WithWarnings(IReadOnlyList<string> warnings) =>
        new(TraceId, Cited, Category, Evidence, Chain, Confidence, Summary, Detector, OtherFindings, Basis, warnings);

    /// <summary>True when a failure was found and a span is cited.</summary>
    public bool FailureFound => Cited is not null;

    /// <summary>
    /// The attribution as indented JSON with LF line endings, stable byte for byte for the same
    /// attribution (invariant number formatting, fixed property order).
    /// </summary>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>Writes the attribution as a JSON object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("traceId", TraceId);
        WriteCited(writer, "cited", Cited);
        WriteCategory(writer, Category);
        WriteEvidence(writer, Evidence);
        writer.WriteStartArray("chain");
        foreach (var id in Chain) writer.WriteStringValue(id);
        writer.WriteEndArray();
        WriteConfidence(writer, Confidence);
        if (Basis is { } basis) writer.WriteString("basis", basis.ToJsonName());
        writer.WriteString("summary", Summary);
        if (Detector is not null) writer.WriteString("detector", Detector);
        if (Warnings.Count > 0)
        {
            writer.WriteStartArray("warnings");
            foreach (var warning in Warnings) writer.WriteStringValue(warning);
            writer.WriteEndArray();
        }

        writer.WriteStartArray("otherFindings");
        foreach (var finding in OtherFindings)
        {
            writer.WriteStartObject();
            WriteCited(writer, "cited", finding.Span);
            WriteCategory(writer, finding.Category);
            WriteEvidence(writer, finding.Evidence);
            WriteConfidence(writer, finding.Confidence);
            writer.WriteString("basis", finding.Basis.ToJsonName());
            writer.WriteString("summary", finding.Summary);
            writer.WriteString("detector", finding.Detector);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteConfidence(Utf8JsonWriter writer, double confidence) =>
        writer.WriteNumber("confidence", decimal.Round((decimal)Math.Clamp(confidence, 0, 1), 2));

    private static void WriteCited(Utf8JsonWriter writer, string name, CitedSpan? cited)
    {
        if (cited is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("spanId", cited.SpanId);
        writer.WriteString("path", cited.Path);
        writer.WriteString("name", cited.Name);
        if (cited.Agent is null) writer.WriteNull("agent");
        else writer.WriteString("agent", cited.Agent);
        writer.WriteEndObject();
    }

    private static void WriteCategory(Utf8JsonWriter writer, FailureCategory? category)
    {
        if (category is null)
        {
            writer.WriteNull("category");
            return;
        }

        writer.WriteStartObject("category");
        writer.WriteString("l1", category.L1);
        writer.WriteString("l2", category.L2);
        writer.WriteString("l3", category.L3);
        writer.WriteString("l4", category.L4);
        writer.WriteEndObject();
    }

    private static void WriteEvidence(Utf8JsonWriter writer, IReadOnlyList<Evidence> evidence)
    {
        writer.WriteStartArray("evidence");
        foreach (var e in evidence)
        {
            writer.WriteStartObject();
            writer.WriteString("spanId", e.SpanId);
            writer.WriteString("source", e.Source);
            writer.WriteString("quote", e.Quote);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <inheritdoc />
    public override string ToString() => FailureFound
        ? string.Create(CultureInfo.InvariantCulture, $"{Cited!.Path} ({Cited.SpanId}): {Category!.L4} — {Summary}")
        : Summary;
}
