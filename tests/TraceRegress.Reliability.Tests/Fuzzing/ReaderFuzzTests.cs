using System.Security.Cryptography;
using TraceRegress.Formats;
using Xunit.Sdk;

namespace TraceRegress.Reliability.Tests.Fuzzing;

/// <summary>
/// Feeds every registered reader damaged and hostile documents. Whatever comes in, the only exception
/// allowed out is <see cref="TraceFormatException"/> naming its source and, for non-empty input, a line;
/// and whatever loads, the attribution engine attributes without an exception.
/// </summary>
public sealed class ReaderFuzzTests(ITestOutputHelper output)
{
    public static TheoryData<Mutation> Mutations() => new(Enum.GetValues<Mutation>());

    public static TheoryData<TraceFormat, Mutation> FormatsAndMutations()
    {
        var data = new TheoryData<TraceFormat, Mutation>();
        foreach (var reader in TraceReaders.All)
        {
            foreach (var mutation in Enum.GetValues<Mutation>()) data.Add(reader.Format, mutation);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TraceSeeds.RegisteredFormats), MemberType = typeof(TraceSeeds))]
    public void Every_registered_reader_has_a_readable_fixture_to_fuzz_from(TraceFormat format)
    {
        Assert.True(TraceSeeds.OfFormat(format).Count > 0,
            $"no fixture under tests/TraceRegress.Tests/Fixtures is detected as {format}; add a realistic one so the reader is fuzzed");
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Detection_and_reading_reject_damaged_traces_with_a_positioned_error(Mutation mutation)
    {
        var seeds = TraceSeeds.All;
        var random = ReliabilitySettings.RandomFor($"detect/{mutation}");
        var mutator = new TraceMutator(random);
        var tally = new Tally();
        for (var i = 0; i < ReliabilitySettings.FuzzCases; i++)
        {
            var seed = seeds[i % seeds.Count];
            var input = mutator.Apply(mutation, seed.Bytes);
            // Some cases have no source name: the error must still say what it was reading.
            var name = i % 5 == 0 ? null : $"{seed.Name}~{mutation}#{i}";
            tally.Add(Check(input, name, () => AgentTrace.Parse(input, name)));
        }

        ReliabilityReport.Tried(output, $"Trace.Parse/{mutation}", ReliabilitySettings.FuzzCases, tally.ToString());
    }

    [Theory]
    [MemberData(nameof(FormatsAndMutations))]
    public void A_forced_reader_rejects_damaged_and_foreign_traces_with_a_positioned_error(TraceFormat format, Mutation mutation)
    {
        var seeds = TraceSeeds.All;
        var random = ReliabilitySettings.RandomFor($"forced/{format}/{mutation}");
        var mutator = new TraceMutator(random);
        var tally = new Tally();
        var tried = 0;
        if (mutation == Mutation.Truncated)
        {
            // Every other format's documents, whole, are foreign input for this reader.
            foreach (var seed in seeds)
            {
                tally.Add(Check(seed.Bytes, seed.Name, () => AgentTrace.Parse(seed.Bytes, format, seed.Name)));
                tried++;
            }
        }

        for (var i = 0; i < ReliabilitySettings.FuzzCases; i++)
        {
            // Half the cases start from this format's own fixtures, so damage is met deep inside the reader.
            var own = TraceSeeds.OfFormat(format);
            var seed = i % 2 == 0 && own.Count > 0 ? own[i / 2 % own.Count] : seeds[i % seeds.Count];
            var input = mutator.Apply(mutation, seed.Bytes);
            var name = $"{seed.Name}~{format}/{mutation}#{i}";
            tally.Add(Check(input, name, () => AgentTrace.Parse(input, format, name)));
            tried++;
        }

        ReliabilityReport.Tried(output, $"Trace.Parse(format: {format})/{mutation}", tried, tally.ToString());
    }

    /// <summary>Runs one load and checks the outcome; a failing input is saved so it can be replayed.</summary>
    private static bool Check(byte[] input, string? name, Func<AgentTrace> load)
    {
        try
        {
            var trace = load();
            // A loaded trace must be usable: every span has a path and the tree covers every span.
            Assert.NotEmpty(trace.Spans);
            foreach (var span in trace.Spans.Take(2_000)) Assert.NotNull(span.Path);
            // Whatever a reader accepts, the engine must attribute without an exception: damaged content
            // reaches the detectors as strange attribute values, not as a crash of the test.
            var attribution = AttributionEngine.Default.Attribute(trace);
            Assert.False(string.IsNullOrEmpty(attribution.ToJson()));
            return true;
        }
        catch (TraceFormatException e)
        {
            if (string.IsNullOrEmpty(e.Source)) throw Failure(input, name, "TraceFormatException without a source", e);
            if (input.Length > 0 && e.Line < 1) throw Failure(input, name, $"TraceFormatException with line {e.Line} for non-empty input", e);
            return false;
        }
        catch (Exception e) when (e is not XunitException)
        {
            throw Failure(input, name, $"{e.GetType().Name} escaped the reader or the engine", e);
        }
    }

    private static XunitException Failure(byte[] input, string? name, string what, Exception e)
    {
        var directory = Path.Combine(Path.GetTempPath(), "traceregress-fuzz");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(input))[..16] + ".json");
        File.WriteAllBytes(file, input);
        return new XunitException($"{what} for input '{name ?? "<no name>"}' ({input.Length} bytes, saved to {file}; seed {ReliabilitySettings.Seed}):{Environment.NewLine}{e}");
    }

    private sealed class Tally
    {
        private int _read;
        private int _rejected;

        public void Add(bool read)
        {
            if (read) _read++;
            else _rejected++;
        }

        public override string ToString() => $"{_read} read, {_rejected} rejected with TraceFormatException";
    }
}
