using System.Diagnostics;

namespace TraceRegress.OpenTelemetry;

/// <summary>Where and which traces <c>AddTraceRegressExporter</c> saves, and the bounds it keeps.</summary>
public sealed class TraceRegressExporterOptions
{
    /// <summary>The corpus folder the traces are written to (created when missing).</summary>
    public string Folder { get; set; } = Path.Combine("traces", "captured");

    /// <summary>
    /// Which completed runs to save; by default those with a failed span (status ERROR) or marked with
    /// <see cref="TraceRegressRun.MarkFailed(Activity?)"/>. An exception thrown here skips the run; it never reaches the app.
    /// </summary>
    public Func<CapturedRun, bool> When { get; set; } = run => run.HasError || run.MarkedFailed;

    /// <summary>Mask secrets before writing, like <c>traceregress import</c> (the default).</summary>
    public bool Redact { get; set; } = true;

    /// <summary>Spans kept for one trace; later ones are dropped (the saved trace says how many).</summary>
    public int MaxSpansPerTrace { get; set; } = 5_000;

    /// <summary>Spans held across all unfinished traces; past it the oldest unfinished trace is dropped.</summary>
    public int MaxPendingSpans { get; set; } = 50_000;

    /// <summary>How long an unfinished trace (its root never ends in this process) is held before it is dropped.</summary>
    public TimeSpan PendingTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most traces saved per minute; more are counted and skipped, so a failure storm cannot fill the disk.</summary>
    public int MaxTracesPerMinute { get; set; } = 60;

    /// <summary>Ended spans queued for the exporter's thread; when full, spans are dropped rather than the app blocked.</summary>
    public int MaxQueueSize { get; set; } = 8_192;
}
