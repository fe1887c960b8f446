using System.Diagnostics;
using TraceRegress.OpenTelemetry;

// In OpenTelemetry's namespace, as the SDK's own exporters are, so AddTraceRegressExporter shows where AddOtlpExporter does.
namespace OpenTelemetry.Trace;

/// <summary>Adds the TraceRegress exporter to an OpenTelemetry .NET SDK tracer provider.</summary>
public static class TraceRegressTracerProviderBuilderExtensions
{
    /// <summary>
    /// Saves selected traces (by default: runs with a failed span or marked with <see cref="TraceRegressRun.MarkFailed(Activity?)"/>)
    /// as redacted, corpus-ready OTLP/JSON files. Spans reach it through a bounded batch processor, so the app never waits
    /// on it and never sees its exceptions.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddOpenTelemetry().WithTracing(t => t
    ///     .AddSource("Experimental.Microsoft.Extensions.AI", "MyAgent")
    ///     .AddTraceRegressExporter(o => { o.Folder = "failed-runs"; o.When = run => run.HasError; }));
    /// </code>
    /// </example>
    public static TracerProviderBuilder AddTraceRegressExporter(this TracerProviderBuilder builder, Action<TraceRegressExporterOptions>? configure = null) =>
        AddTraceRegressExporter(builder, configure, out _);

    internal static TracerProviderBuilder AddTraceRegressExporter(TracerProviderBuilder builder, Action<TraceRegressExporterOptions>? configure, out TraceRegressExporter exporter)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new TraceRegressExporterOptions();
        configure?.Invoke(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Folder, "options.Folder");
        ArgumentNullException.ThrowIfNull(options.When, "options.When");
        exporter = new TraceRegressExporter(options);
        return builder.AddProcessor(new BatchActivityExportProcessor(exporter,
            maxQueueSize: options.MaxQueueSize,
            scheduledDelayMilliseconds: 1_000,
            exporterTimeoutMilliseconds: 30_000,
            maxExportBatchSize: Math.Min(512, options.MaxQueueSize)));
    }
}
