using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>Locates fixture traces copied beside the test assembly, and checks evidence against them.</summary>
internal static class Fixture
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static AgentTrace Load(params string[] parts) => AgentTrace.Load(Path(parts));

    public static Attribution Attribute(params string[] parts) => AttributionEngine.Default.Attribute(Load(parts));

    /// <summary>A fixture read with its text edited first; each edit's text must occur in the fixture.</summary>
    public static AgentTrace Edited(string folder, string file, params (string From, string To)[] edits)
    {
        var text = File.ReadAllText(Path(folder, file));
        foreach (var (from, to) in edits)
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return AgentTrace.Parse(System.Text.Encoding.UTF8.GetBytes(text), file);
    }

    /// <summary>A labelled fixture: its file, and the span and category its <c>.label.json</c> names (both null for a negative).</summary>
    public sealed record Label(string File, string? Span, string? Category);

    /// <summary>Every labelled fixture of a folder, in ordinal order of its label file's name.</summary>
    public static List<Label> Labels(string folder)
    {
        var labels = new List<Label>();
        foreach (var path in Directory.EnumerateFiles(Path(folder), "*.label.json").Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(path)[..^".label.json".Length];
            var file = Directory.EnumerateFiles(Path(folder), name + ".*").Select(System.IO.Path.GetFileName).Single(f => !f!.EndsWith(".label.json", StringComparison.Ordinal))!;
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            labels.Add(new Label(file, root.GetProperty("span").GetString(), root.GetProperty("category").GetString()));
        }

        return labels;
    }

    /// <summary>
    /// A blind run: the engine cites the span and category its label names, or, for a known miss written "path | leaf:
    /// why", still cites what the miss pins; every quote in its span either way.
    /// </summary>
    public static void AssertBlindRun(string folder, string file, string? knownMiss)
    {
        var trace = Load(folder, file);
        var label = Labels(folder).Single(l => l.File == file);
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.NotNull(a.Cited);
        if (knownMiss is null)
        {
            Assert.True(a.Cited!.SpanId == trace.Select(label.Span!).SpanId && a.Category?.L4 == label.Category,
                $"{file}: labelled {label.Span} | {label.Category}; cited {a.Cited.Path} | {a.Category?.L4} by {a.Detector}: {a.Summary}");
        }
        else
        {
            var pinned = knownMiss.Split(": ")[0].Split(" | ");
            Assert.True(a.Cited!.SpanId == trace.Select(pinned[0]).SpanId && a.Category?.L4 == pinned[1],
                $"{file}: the known miss moved: now {a.Cited.Path} | {a.Category?.L4} by {a.Detector}; label is {label.Span} | {label.Category}. {a.Summary}");
        }

        AssertEvidenceIsInSpans(trace, a);
    }

    /// <summary>
    /// Every run of a blind folder is labelled with a span that names one span and a leaf of the taxonomy, has 4 to
    /// <paramref name="maxSpans"/> spans, and (unless the set carries error signals) no error status.
    /// </summary>
    public static void AssertBlindRuns(string folder, IReadOnlyCollection<string> runs, int count, int maxSpans = 15, bool errorStatusAllowed = false)
    {
        Assert.Equal(count, runs.Count);
        Assert.Equal(runs.Count, Directory.EnumerateFiles(Path(folder), "*.label.json").Count());
        foreach (var file in runs)
        {
            var trace = Load(folder, file);
            Assert.InRange(trace.Spans.Count, 4, maxSpans);
            var label = Labels(folder).Single(l => l.File == file);
            Assert.Single(trace.SelectAll(label.Span!));
            Assert.Contains(Taxonomy.Default.Categories, c => c.L4 == label.Category);
            if (!errorStatusAllowed) Assert.All(trace.Spans, s => Assert.NotEqual(SpanStatusCode.Error, s.Status.Code));
        }
    }

    /// <summary>The labelled positives of a folder (a span and category to cite).</summary>
    public static TheoryData<string> Positives(string folder) => new(Labels(folder).Where(l => l.Span is not null).Select(l => l.File));

    /// <summary>The labelled negatives of a folder (nothing of the kind to find).</summary>
    public static TheoryData<string> Negatives(string folder) => new(Labels(folder).Where(l => l.Span is null).Select(l => l.File));

    /// <summary>
    /// A labelled positive: the engine cites the label's span and category (by <paramref name="detector"/> when given),
    /// on inferred grounds, with every quote in its span.
    /// </summary>
    public static void AssertLabelCited(string folder, string file, string? detector)
    {
        var trace = Load(folder, file);
        var label = Labels(folder).Single(l => l.File == file);
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.True(a.Cited?.SpanId == trace.Select(label.Span!).SpanId && a.Category?.L4 == label.Category,
            $"{file}: labelled {label.Span} | {label.Category}; cited {a.Cited?.Path} | {a.Category?.L4} by {a.Detector}: {a.Summary}");
        if (detector is not null) Assert.Equal(detector, a.Detector);
        Assert.Equal(AttributionBasis.Inference, a.Basis);
        AssertEvidenceIsInSpans(trace, a);
    }

    /// <summary>A folder's labelled runs: how many, how many positives, no error status anywhere, each labelled span selected once.</summary>
    public static void AssertLabelledRuns(string folder, int runs, int positives, bool errorStatusAllowed = false)
    {
        var labels = Labels(folder);
        Assert.Equal(runs, labels.Count);
        Assert.Equal(positives, labels.Count(r => r.Span is not null));
        foreach (var run in labels)
        {
            var trace = Load(folder, run.File);
            if (!errorStatusAllowed) Assert.All(trace.Spans, s => Assert.NotEqual(SpanStatusCode.Error, s.Status.Code));
            if (run.Span is not null) Assert.Single(trace.SelectAll(run.Span));
        }
    }

    /// <summary>A run known to have passed: "no failure found" is allowed when no detector finds anything.</summary>
    public static readonly AttributionRequest Passing = new() { PassingRun = true };

    /// <summary>
    /// Every quote of the attribution (cited and other findings) must be text that is really in the span it
    /// names: in an attribute or event value, in a JSON string inside one, or in the span's status or duration.
    /// </summary>
    public static void AssertEvidenceIsInSpans(AgentTrace trace, Attribution attribution)
    {
        foreach (var e in attribution.Evidence.Concat(attribution.OtherFindings.SelectMany(f => f.Evidence)))
        {
            var span = trace.FindById(e.SpanId);
            Assert.NotNull(span);
            Assert.False(string.IsNullOrWhiteSpace(e.Quote), $"empty quote from {e.Source}");
            Assert.False(string.IsNullOrWhiteSpace(e.Source), "evidence without a source");
            var texts = TextsOf(span!);
            Assert.True(texts.Any(t => t.Contains(e.Quote, StringComparison.Ordinal)),
                $"quote «{e.Quote}» ({e.Source}) is not in span {span!.Path}");
        }
    }

    private static List<string> TextsOf(Span span)
    {
        var texts = new List<string> { span.Status.Code.ToString().ToUpperInvariant(), span.Status.Message ?? "", $"{span.Duration.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} ms" };
        foreach (var (_, value) in span.Attributes) Add(texts, value);
        foreach (var e in span.Events)
        {
            foreach (var (_, value) in e.Attributes) Add(texts, value);
        }

        return texts;
    }

    private static void Add(List<string> texts, AttributeValue value)
    {
        var text = value.ToString();
        texts.Add(text);
        var pending = new Queue<string>([text]);
        while (pending.Count > 0)
        {
            var next = pending.Dequeue();
            try
            {
                using var doc = JsonDocument.Parse(next);
                var stack = new Stack<JsonElement>([doc.RootElement]);
                while (stack.Count > 0)
                {
                    var el = stack.Pop();
                    switch (el.ValueKind)
                    {
                        case JsonValueKind.String:
                            texts.Add(el.GetString()!);
                            pending.Enqueue(el.GetString()!);
                            break;
                        case JsonValueKind.Object:
                            foreach (var p in el.EnumerateObject())
                            {
                                stack.Push(p.Value);
                                texts.Add(p.Value.GetRawText());
                            }

                            break;
                        case JsonValueKind.Array:
                            foreach (var i in el.EnumerateArray()) stack.Push(i);
                            break;
                        default:
                            texts.Add(el.GetRawText());
                            break;
                    }
                }
            }
            catch (JsonException)
            {
            }
        }
    }
}
