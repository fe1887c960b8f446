using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using TraceRegress.Generators.Models;
using TraceRegress.Generators.Parsing;

namespace TraceRegress.Build.Tasks.Tests;

/// <summary>The task that checks the corpus before the compiler: stamps, the cache, and what it never does.</summary>
public sealed class CheckCorpusTracesTests : IDisposable
{
    private readonly TaskHarness _project = new();

    private static string Fixture(string relative) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relative));

    private static string? Stamp(ITaskItem item) => item.GetMetadata(TraceCheckStamp.CheckedMetadata) is { Length: > 0 } value ? value : null;

    private static string Format(ITaskItem item) => item.GetMetadata(TraceCheckStamp.FormatMetadata);

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Good_traces_are_stamped_with_their_format_and_everything_else_passes_through_unchanged()
    {
        _project.AddTrace("checkout/timeout-0519.json", Fixture("corpus/checkout/timeout-0519.json"));
        _project.AddTrace("checkout/coupon-rate-limit.json", Fixture("corpus/checkout/coupon-rate-limit.json"));
        _project.AddTrace("checkout/timeout-0519.verified.json", Fixture("corpus/checkout/timeout-0519.verified.json"));
        _project.AddTrace("notes.json", "{\"spanId\":\"a\",\"operationName\":\"x\"}", marked: false);
        _project.Items[0].SetMetadata("Custom", "kept");

        var task = _project.Run();

        Assert.Equal(TraceCheckStamp.Version, Stamp(task.Result[0]));
        Assert.Equal(nameof(TraceFormatKind.FlatSpans), Format(task.Result[0]));
        Assert.Equal("kept", task.Result[0].GetMetadata("Custom"));
        Assert.Equal("trace", task.Result[0].GetMetadata("TraceRegressKind"));
        Assert.Equal(nameof(TraceFormatKind.Otlp), Format(task.Result[1]));
        // An approval file and an unmarked file are neither checked nor stamped.
        Assert.Null(Stamp(task.Result[2]));
        Assert.Null(Stamp(task.Result[3]));
        Assert.Equal((2, 0, 2), (task.CheckedCount, task.ReusedCount, task.StampedCount));
        Assert.True(File.Exists(_project.CacheFile));
    }

    [Theory]
    [InlineData("bad/malformed.json")]
    [InlineData("bad/truncated.json")]
    [InlineData("bad/unknown-format.json")]
    public void A_bad_trace_gets_no_stamp_so_the_generator_reads_and_reports_it(string fixture)
    {
        _project.AddTrace("bad.json", Fixture(fixture));

        var first = _project.Run();
        var second = _project.Run();

        Assert.Null(Stamp(first.Result[0]));
        Assert.Equal((1, 0, 0), (first.CheckedCount, first.ReusedCount, first.StampedCount));
        // The failed verdict is cached too: an unchanged bad trace is not read again by the task.
        Assert.Null(Stamp(second.Result[0]));
        Assert.Equal((0, 1, 0), (second.CheckedCount, second.ReusedCount, second.StampedCount));
    }

    [Theory]
    [InlineData("corpus/checkout/timeout-0519.json")]
    [InlineData("corpus/checkout/coupon-rate-limit.json")]
    [InlineData("corpus/search/langsmith-wrong-tool.json")]
    [InlineData("corpus/search/zipkin-404.json")]
    [InlineData("bad/malformed.json")]
    [InlineData("bad/truncated.json")]
    [InlineData("bad/unknown-format.json")]
    public void The_verdict_is_the_validators_on_the_same_content(string fixture)
    {
        var content = Fixture(fixture);
        _project.AddTrace("t.json", content);

        var task = _project.Run();

        var validation = TraceValidator.Validate(Encoding.UTF8.GetBytes(content));
        var good = validation.Error is null && validation.Format != TraceFormatKind.Unknown;
        Assert.Equal(good, Stamp(task.Result[0]) is not null);
        if (good) Assert.Equal(validation.Format.ToString(), Format(task.Result[0]));
    }

    [Fact]
    public void A_second_run_takes_every_verdict_from_the_cache_and_reads_only_what_changed()
    {
        var timeout = _project.AddTrace("checkout/timeout-0519.json", Fixture("corpus/checkout/timeout-0519.json"));
        _project.AddTrace("checkout/coupon-rate-limit.json", Fixture("corpus/checkout/coupon-rate-limit.json"));
        _project.AddTrace("search/zipkin-404.json", Fixture("corpus/search/zipkin-404.json"));
        _project.Run();

        var unchanged = _project.Run();
        Assert.Equal((0, 3, 3), (unchanged.CheckedCount, unchanged.ReusedCount, unchanged.StampedCount));
        Assert.Equal(nameof(TraceFormatKind.FlatSpans), Format(unchanged.Result[0]));

        // The trace is rewritten as another format: only it is read, and its new format is what the stamp says.
        _project.Write("checkout/timeout-0519.json", Encoding.UTF8.GetBytes(Fixture("corpus/search/zipkin-404.json")));
        var edited = _project.Run();
        Assert.Equal((1, 2, 3), (edited.CheckedCount, edited.ReusedCount, edited.StampedCount));
        Assert.Equal(nameof(TraceFormatKind.Zipkin), Format(edited.Result[0]));

        // Broken by the edit: read again, and no longer stamped.
        _project.Write("checkout/timeout-0519.json", Encoding.UTF8.GetBytes("{\"spans\": ["));
        var broken = _project.Run();
        Assert.Equal((1, 2, 2), (broken.CheckedCount, broken.ReusedCount, broken.StampedCount));
        Assert.Null(Stamp(broken.Result[0]));

        // Only the write time moved (same length, same bytes): read again all the same.
        File.SetLastWriteTimeUtc(timeout, File.GetLastWriteTimeUtc(timeout).AddSeconds(-30));
        Assert.Equal(1, _project.Run().CheckedCount);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("header only of another version")]
    [InlineData("truncated line")]
    [InlineData("not UTF-8")]
    [InlineData("a folder")]
    public void A_corrupt_or_foreign_cache_is_ignored_and_rewritten_never_an_error(string damage)
    {
        _project.AddTrace("checkout/timeout-0519.json", Fixture("corpus/checkout/timeout-0519.json"));
        _project.AddTrace("checkout/coupon-rate-limit.json", Fixture("corpus/checkout/coupon-rate-limit.json"));
        _project.Run();
        var good = File.ReadAllText(_project.CacheFile);

        switch (damage)
        {
            case "garbage":
                File.WriteAllText(_project.CacheFile, "}{ not a cache\n\t\t\n");
                break;
            case "header only of another version":
                File.WriteAllText(_project.CacheFile, good.Replace("checks " + TraceCheckStamp.Version + " ", "checks 0 ", StringComparison.Ordinal));
                break;
            case "truncated line":
                File.WriteAllText(_project.CacheFile, good[..(good.LastIndexOf('\t') - 3)]);
                break;
            case "not UTF-8":
                File.WriteAllBytes(_project.CacheFile, [0xFF, 0xFE, 0xC3, 0x28, 0x0A]);
                break;
            case "a folder":
                File.Delete(_project.CacheFile);
                Directory.CreateDirectory(_project.CacheFile);
                break;
        }

        var task = _project.Run();

        Assert.Equal((2, 0, 2), (task.CheckedCount, task.ReusedCount, task.StampedCount));
        Assert.Equal(nameof(TraceFormatKind.FlatSpans), Format(task.Result[0]));
        if (damage == "a folder")
        {
            // Cannot be replaced: the build goes on without a cache.
            Assert.True(Directory.Exists(_project.CacheFile));
            return;
        }

        Assert.Equal(good, File.ReadAllText(_project.CacheFile));
        var next = _project.Run();
        Assert.Equal((0, 2), (next.CheckedCount, next.ReusedCount));
    }

    [Fact]
    public void The_cache_is_replaced_whole_and_leaves_no_temporary_file()
    {
        _project.AddTrace("a.json", Fixture("corpus/checkout/timeout-0519.json"));
        _project.Run();
        _project.Write("a.json", Encoding.UTF8.GetBytes(Fixture("corpus/checkout/coupon-rate-limit.json")));
        _project.Run();

        var folder = Path.GetDirectoryName(_project.CacheFile)!;
        Assert.Equal(["traceregress.checks"], Directory.GetFiles(folder).Select(Path.GetFileName));
        var lines = File.ReadAllLines(_project.CacheFile);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("TraceRegress trace checks " + TraceCheckStamp.Version + " ", lines[0]);
        Assert.EndsWith("\tpassed:Otlp\t" + Path.Combine(_project.Corpus, "a.json"), lines[1]);
    }

    [Fact]
    public void A_deleted_trace_leaves_the_cache_and_a_missing_one_is_left_to_the_compiler()
    {
        var gone = _project.AddTrace("gone.json", Fixture("corpus/checkout/timeout-0519.json"));
        _project.AddTrace("kept.json", Fixture("corpus/checkout/coupon-rate-limit.json"));
        _project.Run();
        Assert.Contains(gone, File.ReadAllText(_project.CacheFile));

        // Deleted from disk but still an item (the glob was evaluated before): no stamp, no error.
        File.Delete(gone);
        var missing = _project.Run();
        Assert.Null(Stamp(missing.Result[0]));
        Assert.Equal((0, 1, 1), (missing.CheckedCount, missing.ReusedCount, missing.StampedCount));
        Assert.DoesNotContain(gone, File.ReadAllText(_project.CacheFile));

        // Gone from the items as well.
        _project.Items.RemoveAt(0);
        var after = _project.Run();
        Assert.Equal((0, 1, 1), (after.CheckedCount, after.ReusedCount, after.StampedCount));
        Assert.DoesNotContain(gone, File.ReadAllText(_project.CacheFile));
    }

    [Fact]
    public void A_trace_whose_text_is_not_its_utf8_bytes_is_left_to_the_generator()
    {
        var json = Fixture("corpus/checkout/timeout-0519.json");
        _project.AddTrace("bom.json", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)]);
        _project.AddTrace("utf16.json", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(json)]);
        // Valid JSON whose string holds a byte that is not UTF-8: the compiler would decode the file with another code page.
        var latin1 = Encoding.UTF8.GetBytes("{\"note\": \"caf\u0001\", " + json.TrimStart()[1..]);
        latin1[Array.IndexOf(latin1, (byte)0x01)] = 0xE9;
        _project.AddTrace("latin1.json", latin1);

        var task = _project.Run();

        Assert.Equal(nameof(TraceFormatKind.FlatSpans), Format(task.Result[0]));
        Assert.Null(Stamp(task.Result[1]));
        Assert.Null(Stamp(task.Result[2]));
        Assert.Equal(1, task.StampedCount);
        // Not stamped because the text is not the bytes, not because the JSON was found bad.
        Assert.Equal(TraceVerdict.NotUtf8, TraceCheck.File(Path.Combine(_project.Corpus, "utf16.json")).Verdict);
        Assert.Equal(TraceVerdict.NotUtf8, TraceCheck.File(Path.Combine(_project.Corpus, "latin1.json")).Verdict);
    }

    [Fact]
    public void A_trace_written_a_moment_ago_is_stamped_but_checked_again_next_time()
    {
        var path = _project.AddTrace("fresh.json", Fixture("corpus/checkout/timeout-0519.json"));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow);

        var first = _project.Run();
        Assert.Equal((1, 0, 1), (first.CheckedCount, first.ReusedCount, first.StampedCount));
        var second = _project.Run();
        Assert.Equal((1, 0, 1), (second.CheckedCount, second.ReusedCount, second.StampedCount));

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
        Assert.Equal(1, _project.Run().CheckedCount);
        var settled = _project.Run();
        Assert.Equal((0, 1, 1), (settled.CheckedCount, settled.ReusedCount, settled.StampedCount));
    }

    [Fact]
    public void The_same_file_listed_twice_is_read_once_and_stamped_twice()
    {
        var path = _project.AddTrace("twice.json", Fixture("corpus/checkout/timeout-0519.json"));
        var again = new TaskItem(path);
        again.SetMetadata("TraceRegressKind", "Trace ");
        _project.Items.Add(again);

        var task = _project.Run();

        Assert.Equal((1, 0, 2), (task.CheckedCount, task.ReusedCount, task.StampedCount));
        Assert.All(task.Result, item => Assert.Equal(nameof(TraceFormatKind.FlatSpans), Format(item)));
    }
}
