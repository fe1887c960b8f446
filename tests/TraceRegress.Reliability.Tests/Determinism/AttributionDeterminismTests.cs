using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using TraceRegress.Formats;
using TraceRegress.Reliability.Tests.Fuzzing;

namespace TraceRegress.Reliability.Tests.Determinism;

/// <summary>
/// Same trace in, same attribution out: for every registered format's readable fixtures (and a generated
/// agent trace), random span orders, property orders, cultures and time zones all give the attribution
/// JSON of the file as written, byte for byte.
/// </summary>
[Collection(ProcessWideSettings.Name)]
public sealed partial class AttributionDeterminismTests(ITestOutputHelper output)
{
    // Cultures that break careless code: Turkish casing (i/İ), comma decimals, a Hijri calendar, Persian digits and calendar.
    private static readonly string[] CultureNames = ["", "tr-TR", "de-DE", "ar-SA", "fa-IR", "ja-JP"];

    // Offsets that break code which reads local time: far east with a quarter hour, half an hour west, and UTC.
    private static readonly string[] TimeZoneIds = ["Pacific/Chatham", "America/St_Johns", "Etc/UTC"];

    [Theory]
    [MemberData(nameof(TraceSeeds.RegisteredFormats), MemberType = typeof(TraceSeeds))]
    public void Span_order_culture_and_time_zone_do_not_change_the_attribution(TraceFormat format)
    {
        var seeds = TraceSeeds.OfFormat(format).Where(s => SpanOrderShuffler.CanShuffle(s.Bytes)).ToArray();
        Assert.True(seeds.Length > 0, $"no {format} fixture with two or more spans to reorder; add one under tests/TraceRegress.Tests/Fixtures");
        var expected = seeds.Select(s => Attribute(s.Bytes, s.Name)).ToArray();

        var random = ReliabilitySettings.RandomFor($"determinism/{format}");
        var shuffler = new SpanOrderShuffler(random);
        var cultures = CultureNames.Select(CultureInfo.GetCultureInfo).ToArray();
        var distinctOrders = new HashSet<string>(StringComparer.Ordinal);
        var attributions = 0;
        using (new LocalTimeZone())
        {
            for (var order = 0; order < ReliabilitySettings.SpanOrders; order++)
            {
                var which = order % seeds.Length;
                var seed = seeds[which];
                var shuffled = shuffler.Shuffle(seed.Bytes);
                distinctOrders.Add(Convert.ToHexString(SHA256.HashData(shuffled)));
                LocalTimeZone.Set(TimeZoneIds[order % TimeZoneIds.Length]);
                foreach (var culture in cultures)
                {
                    var actual = WithCulture(culture, () => Attribute(shuffled, seed.Name));
                    attributions++;
                    if (actual != expected[which])
                    {
                        var file = Save(shuffled);
                        Assert.Fail($"{seed.Name}: span order #{order} (saved to {file}) under culture '{culture.Name}' and time zone " +
                                    $"{TimeZoneIds[order % TimeZoneIds.Length]} gives another attribution (seed {ReliabilitySettings.Seed}).\n" +
                                    $"expected:\n{expected[which]}\nactual:\n{actual}");
                    }
                }
            }
        }

        // Guard against a shuffler that silently does nothing.
        Assert.True(distinctOrders.Count > Math.Min(ReliabilitySettings.SpanOrders / 2, seeds.Length), $"only {distinctOrders.Count} distinct documents were produced");
        ReliabilityReport.Tried(output, $"determinism/{format}", ReliabilitySettings.SpanOrders,
            $"{seeds.Length} traces, {distinctOrders.Count:N0} distinct documents, {cultures.Length} cultures, {TimeZoneIds.Length} time zones, {attributions:N0} attributions compared");
    }

    [Fact]
    public void The_cultures_used_really_differ_from_the_invariant_culture()
    {
        // Without ICU every culture behaves like the invariant one and the property above proves nothing.
        var turkish = CultureInfo.GetCultureInfo("tr-TR");
        Assert.NotEqual("I", "i".ToUpper(turkish));
        Assert.Equal("1,5", 1.5.ToString(CultureInfo.GetCultureInfo("de-DE")));
        Assert.NotEqual(TimeSpan.Zero, TimeZoneInfo.FindSystemTimeZoneById(TimeZoneIds[0]).BaseUtcOffset);
    }

    // The reader's warnings travel with the attribution and say where in the file they were found; a reordered
    // file puts the same span on another line, so only the positions may differ.
    private static string Attribute(byte[] bytes, string name) =>
        WarningPosition().Replace(AttributionEngine.Default.Attribute(AgentTrace.Parse(bytes, name)).ToJson(), "\"line ?: ");

    [GeneratedRegex(@"""line \d+: ")]
    private static partial Regex WarningPosition();

    private static T WithCulture<T>(CultureInfo culture, Func<T> action)
    {
        var (culture0, ui0) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture0;
            CultureInfo.CurrentUICulture = ui0;
        }
    }

    private static string Save(byte[] document)
    {
        var directory = Path.Combine(Path.GetTempPath(), "traceregress-determinism");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(document))[..16] + ".json");
        File.WriteAllBytes(file, document);
        return file;
    }

    /// <summary>Changes the process's local time zone (TZ, which .NET reads on Unix) and restores it when disposed.</summary>
    private sealed class LocalTimeZone : IDisposable
    {
        private readonly string? _original = Environment.GetEnvironmentVariable("TZ");

        public static void Set(string id)
        {
            Environment.SetEnvironmentVariable("TZ", id);
            TimeZoneInfo.ClearCachedData();
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("TZ", _original);
            TimeZoneInfo.ClearCachedData();
        }
    }
}

/// <summary>Tests that change process-wide settings (the local time zone) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSettings
{
    public const string Name = "process-wide settings";
}
