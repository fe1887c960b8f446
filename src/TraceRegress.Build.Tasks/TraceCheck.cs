using System;
using System.IO;
using System.Text;
using System.Threading;
using TraceRegress.Generators.Models;
using TraceRegress.Generators.Parsing;

namespace TraceRegress.Build.Tasks;

/// <summary>What the check found in one trace file.</summary>
internal enum TraceVerdict
{
    /// <summary>Well-formed and in a known format: the generator may skip reading it.</summary>
    Passed,
    /// <summary>Malformed, empty or in no known format: the generator reads it and reports where.</summary>
    Failed,
    /// <summary>Not UTF-8 (a UTF-16 mark, invalid bytes): the compiler's text of it is not its bytes, so the generator reads it.</summary>
    NotUtf8,
}

/// <summary>The verdict on one file, with the format when it passed.</summary>
internal readonly record struct TraceCheckResult(TraceVerdict Verdict, TraceFormatKind Format)
{
    public static TraceCheckResult Failed { get; } = new(TraceVerdict.Failed, TraceFormatKind.Unknown);

    public static TraceCheckResult NotUtf8 { get; } = new(TraceVerdict.NotUtf8, TraceFormatKind.Unknown);
}

/// <summary>Checks a trace file with the generator's own validator, reading its bytes.</summary>
internal static class TraceCheck
{
    /// <summary>Checks the file; throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot be read.</summary>
    public static TraceCheckResult File(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
        return Stream(stream);
    }

    /// <summary>Checks a document read from <paramref name="stream"/>.</summary>
    public static TraceCheckResult Stream(Stream stream)
    {
        var chunks = new FileChunks(stream);
        if (chunks.ForeignEncoding) return TraceCheckResult.NotUtf8;
        try
        {
            var validation = TraceValidator.Validate(chunks, CancellationToken.None);
            return validation.Error is null && validation.Format != TraceFormatKind.Unknown
                ? new TraceCheckResult(TraceVerdict.Passed, validation.Format)
                : TraceCheckResult.Failed;
        }
        catch (DecoderFallbackException)
        {
            return TraceCheckResult.NotUtf8;
        }
        catch (InvalidOperationException)
        {
            // Nothing the compiler's text of a file could give the generator; left to it all the same.
            return TraceCheckResult.Failed;
        }
    }
}
