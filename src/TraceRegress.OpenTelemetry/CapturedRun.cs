using System.Diagnostics;

namespace TraceRegress.OpenTelemetry;

/// <summary>A completed run (a trace whose local root span has ended), offered to <see cref="TraceRegressExporterOptions.When"/>.</summary>
public sealed class CapturedRun
{
    internal CapturedRun(Activity root, IReadOnlyList<Activity> activities, int droppedSpans)
    {
        Root = root;
        Activities = activities;
        DroppedSpans = droppedSpans;
    }

    /// <summary>The root span of the run in this process.</summary>
    public Activity Root { get; }

    /// <summary>Every span of the run this process exported, the root included.</summary>
    public IReadOnlyList<Activity> Activities { get; }

    /// <summary>Spans not kept because the trace passed <see cref="TraceRegressExporterOptions.MaxSpansPerTrace"/>.</summary>
    public int DroppedSpans { get; }

    /// <summary>The trace id (hex).</summary>
    public string TraceId => Root.TraceId.ToHexString();

    /// <summary>True when a span of the run ended with status ERROR.</summary>
    public bool HasError => Activities.Any(a => a.Status == ActivityStatusCode.Error);

    /// <summary>True when the app marked a span of the run with <see cref="TraceRegressRun.MarkFailed(Activity?)"/>.</summary>
    public bool MarkedFailed => Activities.Any(a => a.GetTagItem(TraceRegressRun.FailedTag) is true);
}

/// <summary>Lets an app mark a run as failed when no span status says so (a wrong answer, a user complaint).</summary>
public static class TraceRegressRun
{
    /// <summary>The tag <see cref="MarkFailed(Activity?)"/> sets.</summary>
    public const string FailedTag = "traceregress.failed";

    /// <summary>Marks the span (by default <see cref="Activity.Current"/>) so its run counts as failed for the exporter's default selection.</summary>
    public static void MarkFailed(Activity? activity = null) => (activity ?? Activity.Current)?.SetTag(FailedTag, true);
}
