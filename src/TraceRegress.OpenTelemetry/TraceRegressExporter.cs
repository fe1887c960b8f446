using System.Diagnostics;
using System.Globalization;
using System.Text;
using global::OpenTelemetry;
using global::OpenTelemetry.Resources;
using TraceRegress.Capture;

namespace TraceRegress.OpenTelemetry;

/// <summary>
/// Groups exported spans by trace, and when a run's local root ends, saves the run as a corpus-ready OTLP/JSON
/// file if <see cref="TraceRegressExporterOptions.When"/> selects it. Runs on the batch processor's thread, holds a
/// bounded number of spans, and never lets an exception out: problems are counted, the app carries on.
/// </summary>
internal sealed class TraceRegressExporter : BaseExporter<Activity>
{
    private readonly TraceRegressExporterOptions _options;
    private readonly Dictionary<ActivityTraceId, Pending> _pending = [];
    private readonly Queue<DateTime> _recentSaves = new();
    private readonly object _gate = new();
    private int _pendingSpans;

    public TraceRegressExporter(TraceRegressExporterOptions options) => _options = options;

    public int PendingSpans => Volatile.Read(ref _pendingSpans);
    public int PeakPendingSpans { get; private set; }
    public int Saved { get; private set; }
    public int Skipped { get; private set; }
    public int DroppedTraces { get; private set; }
    public int DroppedSpans { get; private set; }
    public int Errors { get; private set; }
    public string? LastError { get; private set; }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        try
        {
            lock (_gate)
            {
                foreach (var activity in batch) Add(activity);
                EvictStale(DateTime.UtcNow);
            }

            return ExportResult.Success;
        }
        catch (Exception e)
        {
            // Never into the app: a failed export is counted and the next batch goes on.
            Failed(e);
            return ExportResult.Failure;
        }
    }

    private void Add(Activity activity)
    {
        if (!_pending.TryGetValue(activity.TraceId, out var pending))
        {
            pending = new Pending(DateTime.UtcNow);
            _pending[activity.TraceId] = pending;
        }

        var isRoot = activity.Parent is null && (activity.ParentSpanId == default || activity.HasRemoteParent);

        // The root is always kept: it says what the run was and completes it.
        if (pending.Activities.Count >= _options.MaxSpansPerTrace && !isRoot)
        {
            pending.Dropped++;
            DroppedSpans++;
        }
        else
        {
            pending.Activities.Add(activity);
            _pendingSpans++;
            if (_pendingSpans > PeakPendingSpans) PeakPendingSpans = _pendingSpans;
        }

        // The run is complete when its root in this process ends: no parent here, or a parent in another process.
        if (isRoot)
        {
            Remove(activity.TraceId, pending);
            Complete(new CapturedRun(activity, pending.Activities, pending.Dropped));
        }

        while (_pendingSpans > _options.MaxPendingSpans && _pending.Count > 0)
        {
            var oldest = _pending.MinBy(p => p.Value.Since);
            Remove(oldest.Key, oldest.Value);
            DroppedTraces++;
        }
    }

    private void EvictStale(DateTime now)
    {
        if (_pending.Count == 0) return;
        foreach (var stale in _pending.Where(p => now - p.Value.Since > _options.PendingTimeout).ToArray())
        {
            Remove(stale.Key, stale.Value);
            DroppedTraces++;
        }
    }

    private void Remove(ActivityTraceId traceId, Pending pending)
    {
        _pending.Remove(traceId);
        _pendingSpans -= pending.Activities.Count;
    }

    private void Complete(CapturedRun run)
    {
        try
        {
            if (!_options.When(run)) return;
        }
        catch (Exception e)
        {
            Failed(e);
            return;
        }

        var now = DateTime.UtcNow;
        while (_recentSaves.Count > 0 && now - _recentSaves.Peek() > TimeSpan.FromMinutes(1)) _recentSaves.Dequeue();
        if (_recentSaves.Count >= _options.MaxTracesPerMinute)
        {
            Skipped++;
            return;
        }

        try
        {
            var resource = Resource().ToList();
            if (run.DroppedSpans > 0) resource.Add(new("traceregress.dropped_spans", (long)run.DroppedSpans));
            var bytes = OtlpActivityJson.Write(run.Activities, resource);
            CorpusFile.Save(bytes, _options.Folder, FileName(run), _options.Redact, overwrite: true);
            _recentSaves.Enqueue(now);
            Saved++;
        }
        catch (Exception e)
        {
            Failed(e);
        }
    }

    private IEnumerable<KeyValuePair<string, object?>> Resource()
    {
        try
        {
            return ParentProvider?.GetResource().Attributes.Select(a => new KeyValuePair<string, object?>(a.Key, a.Value)) ?? [];
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
        {
            return [];
        }
    }

    private static string FileName(CapturedRun run)
    {
        var slug = new StringBuilder();
        foreach (var c in run.Root.DisplayName.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
            if (slug.Length >= 40) break;
        }

        var name = slug.ToString().Trim('-');
        var stamp = run.Root.StartTimeUtc.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return $"{(name.Length == 0 ? "run" : name)}-{stamp}-{run.TraceId[..12]}";
    }

    private void Failed(Exception e)
    {
        Errors++;
        LastError = $"{e.GetType().Name}: {e.Message}";
    }

    private sealed class Pending(DateTime since)
    {
        public DateTime Since { get; } = since;
        public List<Activity> Activities { get; } = [];
        public int Dropped { get; set; }
    }
}
