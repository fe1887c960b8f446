using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TraceRegress.AttributionTests;

/// <summary>Culture and time zone are process-wide: tests that change them do not run beside others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSettings
{
    public const string Name = "process-wide culture and time zone";
}

/// <summary>Same trace in, byte-identical attribution JSON out: whatever the span order in the file, the culture, the time zone.</summary>
[Collection(ProcessWideSettings.Name)]
public class DeterminismTests
{
    /// <summary>Every fixture trace of this project (not the expected-answer sidecars beside some of them).</summary>
    public static TheoryData<string> Traces()
    {
        var data = new TheoryData<string>();
        var root = Fixture.Path();
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(root, "*.jsonl", SearchOption.AllDirectories))
                     .Select(f => System.IO.Path.GetRelativePath(root, f).Replace('\\', '/'))
                     .Where(f => !f.StartsWith("taxonomy/", StringComparison.Ordinal) && !f.EndsWith(".expected.json", StringComparison.Ordinal) && !f.EndsWith(".label.json", StringComparison.Ordinal))
                     .OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Shuffling_the_spans_in_the_file_does_not_change_the_attribution(string file)
    {
        var bytes = File.ReadAllBytes(Fixture.Path(file));
        var expected = AttributionEngine.Default.Attribute(AgentTrace.Parse(bytes, file)).ToJson();
        var random = new Random(20260519);
        var shuffledAtLeastOnce = false;
        for (var round = 0; round < 12; round++)
        {
            var (permuted, changed) = Permute(bytes, random);
            shuffledAtLeastOnce |= changed;
            var actual = AttributionEngine.Default.Attribute(AgentTrace.Parse(permuted, file)).ToJson();
            Assert.Equal(expected, actual);
        }

        // Single-span files have nothing to shuffle; every other fixture must really have been reordered.
        var spans = AgentTrace.Parse(bytes, file).Spans.Count;
        Assert.True(spans < 2 || shuffledAtLeastOnce, $"{file}: no span array was reordered");
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Culture_and_time_zone_do_not_change_the_attribution(string file)
    {
        var expected = Fixture.Attribute(file.Split('/')).ToJson();
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        var tz = Environment.GetEnvironmentVariable("TZ");
        try
        {
            foreach (var name in (string[])["tr-TR", "de-DE", "ar-SA", "ja-JP", ""])
            {
                var c = CultureInfo.GetCultureInfo(name);
                CultureInfo.CurrentCulture = c;
                CultureInfo.CurrentUICulture = c;
                foreach (var zone in (string[])["Pacific/Kiritimati", "America/St_Johns", "Asia/Kathmandu", "UTC"])
                {
                    SetTimeZone(zone);
                    Assert.Equal(expected, Fixture.Attribute(file.Split('/')).ToJson());
                }
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
            Environment.SetEnvironmentVariable("TZ", tz);
            TimeZoneInfo.ClearCachedData();
        }
    }

    [Fact]
    public void The_cultures_and_time_zones_really_change_formatting_here()
    {
        // Guards the test above against a machine without ICU or time zone data, where it would prove nothing.
        Assert.Equal(",", CultureInfo.GetCultureInfo("de-DE").NumberFormat.NumberDecimalSeparator);
        Assert.Equal("ı", "I".ToLower(CultureInfo.GetCultureInfo("tr-TR")));
        Assert.NotEqual("2026", new DateTime(2026, 5, 19).ToString("yyyy", CultureInfo.GetCultureInfo("ar-SA")));
        var tz = Environment.GetEnvironmentVariable("TZ");
        try
        {
            SetTimeZone("Asia/Kathmandu");
            Assert.Equal(new TimeSpan(5, 45, 0), TimeZoneInfo.Local.BaseUtcOffset);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", tz);
            TimeZoneInfo.ClearCachedData();
        }
    }

    [Fact]
    public void Attributing_twice_and_from_several_threads_gives_the_same_bytes()
    {
        var trace = Fixture.Load("chains", "rate-limit-retry-loop.json");
        var expected = AttributionEngine.Default.Attribute(trace).ToJson();
        var results = new string[8];
        Parallel.For(0, results.Length, i => results[i] = AttributionEngine.Default.Attribute(trace).ToJson());
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    private static void SetTimeZone(string zone)
    {
        Environment.SetEnvironmentVariable("TZ", zone);
        TimeZoneInfo.ClearCachedData();
    }

    /// <summary>
    /// Shuffles every array of spans in the document (flat spans, Langfuse observations, nested child spans and runs); a
    /// file of several top-level values (JSON Lines, or spans printed one after another) also has the values reordered,
    /// written back one per line.
    /// </summary>
    private static (byte[] Bytes, bool Changed) Permute(byte[] bytes, Random random)
    {
        var values = new List<byte[]>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        while (reader.Read())
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            values.Add(bytes[start..(int)reader.BytesConsumed]);
        }

        if (values.Count < 2) return PermuteValue(bytes, random);
        var lines = new JsonArray([.. values.Select(v => JsonValue.Create(Encoding.UTF8.GetString(PermuteValue(v, random).Bytes)))]);
        Shuffle(lines, random);
        return (Encoding.UTF8.GetBytes(string.Join("\n", lines.Select(l => l!.GetValue<string>())) + "\n"), true);
    }

    private static (byte[] Bytes, bool Changed) PermuteValue(byte[] bytes, Random random)
    {
        var root = JsonNode.Parse(bytes)!;
        var changed = false;
        // A spans dataframe written by pandas in its "columns" orient ({"span_kind": {"<span id>": …}, …}) lists spans as
        // the members of each column: each column's members are reordered on their own.
        if (root is JsonObject frame && frame["span_kind"] is JsonObject)
        {
            foreach (var (_, column) in frame.ToArray())
            {
                if (column is JsonObject cells) changed |= Shuffle(cells, random);
            }

            return (Encoding.UTF8.GetBytes(root.ToJsonString()), changed);
        }

        var pending = new Stack<JsonNode>([root]);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is JsonObject obj)
            {
                foreach (var (key, value) in obj.ToArray())
                {
                    if (value is null) continue;
                    if (value is JsonArray array && key is "spans" or "observations" or "child_spans" or "child_runs" or "runs" or "data") changed |= Shuffle(array, random);
                    pending.Push(value);
                }
            }
            else if (node is JsonArray array)
            {
                if (ReferenceEquals(node, root)) changed |= Shuffle(array, random);
                foreach (var item in array)
                {
                    if (item is not null) pending.Push(item);
                }
            }
        }

        return (Encoding.UTF8.GetBytes(root.ToJsonString()), changed);
    }

    private static bool Shuffle(JsonObject obj, Random random)
    {
        if (obj.Count < 2) return false;
        var members = obj.ToArray();
        var before = members.ToArray();
        obj.Clear();
        random.Shuffle(members);
        if (members.SequenceEqual(before)) members = [.. members.Skip(1), members[0]];
        foreach (var (key, value) in members) obj.Add(key, value);
        return true;
    }

    private static bool Shuffle(JsonArray array, Random random)
    {
        if (array.Count < 2) return false;
        var items = array.ToArray();
        var before = items.ToArray();
        array.Clear();
        random.Shuffle(items);
        // A shuffle that happens to keep the order is turned into a rotation, so every round really reorders.
        if (items.SequenceEqual(before)) items = [.. items.Skip(1), items[0]];
        foreach (var item in items) array.Add(item);
        return true;
    }
}
