using System;
using Microsoft.CodeAnalysis;

namespace TraceRegress.Generators.Diagnostics;

/// <summary>Every diagnostic the corpus generator reports, declared once.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "TraceRegress.Corpus";

    /// <summary>The trace is not well-formed JSON (malformed, truncated, empty).</summary>
    public static readonly DiagnosticDescriptor UnreadableTrace = new(
        id: "TRG001",
        title: "Trace file cannot be read",
        messageFormat: "Trace '{0}' cannot be read: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A trace in the corpus is not well-formed JSON, so no test is generated for it. Fix or re-export the file; the location points at the first error.");

    /// <summary>The trace is JSON but in no supported format.</summary>
    public static readonly DiagnosticDescriptor UnknownTraceFormat = new(
        id: "TRG002",
        title: "Trace format not recognised",
        messageFormat: "Trace '{0}' is in no supported format: found {1}; expected OTLP/JSON (resourceSpans, also as JSON Lines or inside Jaeger v2's result), flat span JSON (spanId with operationName), Jaeger (data[].spans, a bare trace object or an array of spans with references), Zipkin v2 (a span or an array of spans with id, traceId, localEndpoint), OpenInference/Phoenix (context.span_id, span_kind, or OpenTelemetry JS ReadableSpan objects), a Langfuse export (observations, or {{trace, observations}}) or a LangSmith run tree (run_type, or a {{post, patch}} batch)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The format of a trace is detected from its content. Convert the file with 'traceregress import' or export it in a supported format.");

    /// <summary>Two corpus folders map to the same test class.</summary>
    public static readonly DiagnosticDescriptor DuplicateTestName = new(
        id: "TRG003",
        title: "Two corpus folders map to the same test class",
        messageFormat: "Trace '{0}' would be named '{1}', which '{2}' already uses; it is named '{3}' instead",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Test class names are made from folder names (each test case is named by its trace's relative path). When two folders give the same identifier, the later one in ordinal order gets a numbered suffix. Rename one of the folders to choose the name.");

    /// <summary>An approved attribution whose trace is gone.</summary>
    public static readonly DiagnosticDescriptor VerifiedWithoutTrace = new(
        id: "TRG004",
        title: "Approved attribution without its trace",
        messageFormat: "'{0}' approves a trace that is not in the corpus (expected '{1}'); delete it or restore the trace",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A .verified.json file is left behind when its trace is renamed or deleted.");

    /// <summary>No test framework to emit the tests for.</summary>
    public static readonly DiagnosticDescriptor NoTestFramework = new(
        id: "TRG005",
        title: "No test framework found for the corpus tests",
        messageFormat: "The corpus has traces but no test can be generated: {0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Reference TraceRegress.Xunit (with xunit), TraceRegress.Xunit.v3 (with xunit.v3), TraceRegress.NUnit (with NUnit) or TraceRegress.MSTest (with MSTest), or set the MSBuild property TraceRegress_Framework to xunit, xunit3, nunit or mstest.");

    /// <summary>Reading or emitting one trace threw.</summary>
    public static readonly DiagnosticDescriptor GenerationFailed = new(
        id: "TRG006",
        title: "Unexpected error while generating a trace's test",
        messageFormat: "No test was generated for trace '{0}': {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator failed on one trace; the other traces still get their tests. Please report the message with the file if you can share it.");

    /// <summary>A file marked as a trace outside the corpus folder.</summary>
    public static readonly DiagnosticDescriptor OutsideCorpus = new(
        id: "TRG007",
        title: "Trace file outside the corpus folder",
        messageFormat: "'{0}' is marked as a trace but is not inside the corpus folder '{1}'; no test is generated for it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Only AdditionalFiles under TraceRegress_CorpusFolder become tests. Move the file into the corpus or change TraceRegress_CorpusFolder.");

    /// <summary>An expected-answer sidecar that is not JSON or has no usable answer.</summary>
    public static readonly DiagnosticDescriptor UnreadableExpectedAnswer = new(
        id: "TRG008",
        title: "Expected answer cannot be read",
        messageFormat: "Expected answer '{0}' cannot be read: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A <trace>.expected.json beside a corpus trace must be a JSON object with a non-empty \"answer\" string, e.g. {\"answer\": \"736455\"}. The trace's test would otherwise be checked without the expectation its author wrote.");

    /// <summary>A shard count that is not a whole number in range.</summary>
    public static readonly DiagnosticDescriptor InvalidShardCount = new(
        id: "TRG009",
        title: "Shard count not understood",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "TraceRegressShardCount sets how many shards the generated tests are spread over (trait Shard=N, Category or TestCategory shard-N). It must be a whole number from 1 to 1000.");

    private static readonly DiagnosticDescriptor[] All =
    [
        UnreadableTrace, UnknownTraceFormat, DuplicateTestName, VerifiedWithoutTrace, NoTestFramework, GenerationFailed, OutsideCorpus,
        UnreadableExpectedAnswer, InvalidShardCount,
    ];

    /// <summary>The descriptor with this id.</summary>
    public static DiagnosticDescriptor ById(string id)
    {
        foreach (var descriptor in All)
        {
            if (string.Equals(descriptor.Id, id, StringComparison.Ordinal)) return descriptor;
        }

        throw new ArgumentException("Unknown diagnostic id " + id, nameof(id));
    }

    /// <summary>True when the diagnostic with this id stops a trace from getting a test.</summary>
    public static bool IsError(string id) => ById(id).DefaultSeverity == DiagnosticSeverity.Error;
}
