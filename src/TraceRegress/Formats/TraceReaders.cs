using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>The registered format readers and content-based detection.</summary>
internal static class TraceReaders
{
    /// <summary>Every reader, in tie-break order.</summary>
    public static IReadOnlyList<ITraceReader> All { get; } =
    [
        new OtlpJsonReader(),
        new FlatSpanReader(),
        new JaegerReader(),
        new ZipkinReader(),
        new OpenInferenceReader(),
        new LangfuseReader(),
        new LangSmithReader(),
        new MlflowReader(),
    ];

    /// <summary>The shapes that are read, as the "unknown format" error lists them.</summary>
    public const string Shapes =
        "OTLP/JSON (resourceSpans, also Jaeger v2's {\"result\": {\"resourceSpans\"}} and Tempo's {\"batches\"} or {\"trace\": {\"resourceSpans\"}}), flat span JSON (traceId, spanId, operationName), " +
        "Jaeger (data[].spans, a bare trace {traceID, spans, processes}, or an array of spans with spanID), " +
        "Zipkin v2 (a span or an array of spans with id, traceId, localEndpoint), " +
        "OpenInference/Phoenix (context.span_id, span_kind; JS ReadableSpans with _spanContext; spans dataframe records), " +
        "a Langfuse trace ({trace, observations} or a trace with observations) or its observations ({data, meta} page, array or JSON Lines) " +
        "or LangSmith runs (run_type; the batch body {post, patch}; JSON Lines), " +
        "or an MLflow trace ({info, data: {spans}} with mlflow.spanType attributes)";

    /// <summary>Picks the reader for a document from its content.</summary>
    public static ITraceReader Detect(TraceInput input, out FormatProbe probe)
    {
        probe = FormatProbe.Create(input.Utf8.Span);
        if (probe.Root == JsonTokenType.None)
        {
            // Empty, whitespace-only or not JSON at all: let the JSON reader say where and why.
            var reader = input.CreateReader();
            try
            {
                if (!reader.Read()) throw new TraceFormatException(input.SourceName, 1, 1, "the file is empty: expected a JSON trace document");
            }
            catch (JsonException e)
            {
                throw input.Error(e);
            }

            throw input.Error(reader, $"expected a JSON object or array holding a trace, found {reader.TokenType}");
        }

        ITraceReader? best = null;
        var bestScore = 0;
        foreach (var candidate in All)
        {
            var score = candidate.Score(probe);
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best ?? throw new TraceFormatException(input.SourceName, 1, 1,
            $"unknown trace format: found {probe.Describe()}; expected {Shapes}");
    }
}
