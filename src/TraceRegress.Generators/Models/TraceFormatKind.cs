namespace TraceRegress.Generators.Models;

/// <summary>The trace format recognised from a file's content (mirrors the core's readers).</summary>
internal enum TraceFormatKind
{
    /// <summary>Not recognised, or the file could not be read.</summary>
    Unknown,
    /// <summary>OTLP/JSON (<c>resourceSpans</c>), one document or JSON Lines.</summary>
    Otlp,
    /// <summary>Flat span JSON.</summary>
    FlatSpans,
    /// <summary>Jaeger UI export.</summary>
    Jaeger,
    /// <summary>Zipkin v2.</summary>
    Zipkin,
    /// <summary>OpenInference / Arize Phoenix.</summary>
    OpenInference,
    /// <summary>Langfuse trace export.</summary>
    Langfuse,
    /// <summary>LangSmith run tree.</summary>
    LangSmith,
    /// <summary>MLflow trace JSON.</summary>
    Mlflow,
}
