using System;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TraceRegress.Generators.Diagnostics;
using TraceRegress.Generators.Models;

namespace TraceRegress.Generators.Parsing;

/// <summary>Reads one AdditionalFile into a <see cref="TraceFileModel"/>; never throws for a bad file.</summary>
internal static class CorpusFileReader
{
    /// <summary>The item metadata that marks an AdditionalFile as part of the corpus.</summary>
    public const string KindMetadata = "build_metadata.AdditionalFiles.TraceRegressKind";

    /// <summary>The stamp of the build task that checked the trace before the compiler ran (see <see cref="TraceCheckStamp"/>).</summary>
    public const string CheckedMetadataKey = "build_metadata.AdditionalFiles." + TraceCheckStamp.CheckedMetadata;

    /// <summary>The format the build task recognised in a trace it stamped.</summary>
    public const string FormatMetadataKey = "build_metadata.AdditionalFiles." + TraceCheckStamp.FormatMetadata;

    public static TraceFileModel Read(AdditionalText text, AnalyzerConfigOptionsProvider provider, CorpusOptions options, CancellationToken cancellationToken)
    {
        var path = text.Path;
        var fileOptions = provider.GetOptions(text);
        if (!IsMarkedAsTrace(fileOptions))
        {
            return new TraceFileModel(CorpusFileRole.NotCorpus, path, string.Empty, string.Empty, TraceFormatKind.Unknown, EquatableArray<DiagnosticInfo>.Empty);
        }

        var relativePath = path;
        try
        {
            var relative = CorpusPaths.RelativePath(path, options);
            if (relative is null || relative.Length == 0)
            {
                var outside = DiagnosticInfo.Create(DiagnosticDescriptors.OutsideCorpus, LocationInfo.StartOf(path), path.Replace('\\', '/'), options.CorpusFolder);
                return new TraceFileModel(CorpusFileRole.OutsideCorpus, path, path, string.Empty, TraceFormatKind.Unknown, new EquatableArray<DiagnosticInfo>([outside]));
            }

            relativePath = relative;
            var role = CorpusPaths.RoleOf(relativePath);
            var folder = CorpusPaths.FolderOf(relativePath);
            if (role == CorpusFileRole.ExpectedAnswer) return ReadExpectedAnswer(text, path, relativePath, folder, cancellationToken);
            if (role != CorpusFileRole.Trace)
            {
                return new TraceFileModel(role, path, relativePath, folder, TraceFormatKind.Unknown, EquatableArray<DiagnosticInfo>.Empty);
            }

            // Checked by the build task with this same validator and found good: the model is what reading would give,
            // so the file is not read again. Anything else (no stamp, a bad trace) is read here, and its diagnostics
            // come from this reading alone.
            if (CheckedFormat(fileOptions) is { } checkedFormat)
            {
                return new TraceFileModel(role, path, relativePath, folder, checkedFormat, EquatableArray<DiagnosticInfo>.Empty);
            }

            var source = text.GetText(cancellationToken);
            if (source is null)
            {
                var unreadable = DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableTrace, LocationInfo.StartOf(path), relativePath, "the file could not be opened");
                return new TraceFileModel(role, path, relativePath, folder, TraceFormatKind.Unknown, new EquatableArray<DiagnosticInfo>([unreadable]));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var validation = TraceValidator.Validate(source, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            var diagnostics = EquatableArray<DiagnosticInfo>.Empty;
            if (validation.Error is not null)
            {
                var location = LocationAt(path, source, validation.ErrorOffset);
                diagnostics = new EquatableArray<DiagnosticInfo>([DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableTrace, location, relativePath, validation.Error)]);
            }
            else if (validation.Format == TraceFormatKind.Unknown)
            {
                var location = LocationAtCharacter(path, source, FirstTokenOffset(source));
                diagnostics = new EquatableArray<DiagnosticInfo>([DiagnosticInfo.Create(DiagnosticDescriptors.UnknownTraceFormat, location, relativePath, TraceFormatDetector.Describe(validation.Shape))]);
            }

            // The content itself is not kept: the test reads the trace at run time, so an edit that keeps the
            // trace readable and in the same format gives an equal model and no test is rendered again.
            return new TraceFileModel(role, path, relativePath, folder, validation.Format, diagnostics);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One broken file must not take the other tests down with it.
            var failed = DiagnosticInfo.Create(DiagnosticDescriptors.GenerationFailed, LocationInfo.StartOf(path), relativePath.Replace('\\', '/'), e.GetType().Name + ": " + e.Message);
            var failedRole = CorpusPaths.RoleOf(relativePath) == CorpusFileRole.ExpectedAnswer ? CorpusFileRole.ExpectedAnswer : CorpusFileRole.Trace;
            return new TraceFileModel(failedRole, path, relativePath, CorpusPaths.FolderOf(relativePath), TraceFormatKind.Unknown, new EquatableArray<DiagnosticInfo>([failed]));
        }
    }

    /// <summary>True when the file carries <c>TraceRegressKind="trace"</c>.</summary>
    public static bool IsMarkedAsTrace(AnalyzerConfigOptions options) =>
        options.TryGetValue(KindMetadata, out var kind) && string.Equals(kind?.Trim(), "trace", StringComparison.OrdinalIgnoreCase);

    /// <summary>The format the build task's stamp vouches for, or null when the trace must be read (see <see cref="TraceCheckStamp.Passed"/>).</summary>
    public static TraceFormatKind? CheckedFormat(AnalyzerConfigOptions options)
    {
        if (!options.TryGetValue(CheckedMetadataKey, out var stamp)) return null;
        options.TryGetValue(FormatMetadataKey, out var format);
        return TraceCheckStamp.Passed(stamp, format);
    }

    /// <summary>
    /// Checks a <c>.expected.json</c> sidecar. It never becomes a test; a sidecar that cannot be read is an
    /// error, since the trace's test would run without the expectation its author wrote.
    /// </summary>
    private static TraceFileModel ReadExpectedAnswer(AdditionalText text, string path, string relativePath, string folder, CancellationToken cancellationToken)
    {
        var source = text.GetText(cancellationToken);
        ExpectedAnswerValidation validation;
        LocationInfo location;
        if (source is null)
        {
            validation = new ExpectedAnswerValidation(0, "the file could not be opened");
            location = LocationInfo.StartOf(path);
        }
        else
        {
            validation = ExpectedAnswerValidator.Validate(Encoding.UTF8.GetBytes(source.ToString()));
            location = validation.Error is null ? LocationInfo.StartOf(path) : LocationAt(path, source, validation.ErrorOffset);
        }

        var diagnostics = validation.Error is null
            ? EquatableArray<DiagnosticInfo>.Empty
            : new EquatableArray<DiagnosticInfo>([DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableExpectedAnswer, location, relativePath, validation.Error)]);
        return new TraceFileModel(CorpusFileRole.ExpectedAnswer, path, relativePath, folder, TraceFormatKind.Unknown, diagnostics);
    }

    /// <summary>A one-character location at a UTF-8 byte offset, in the editor's lines and columns.</summary>
    private static LocationInfo LocationAt(string path, SourceText source, long byteOffset) =>
        LocationAtCharacter(path, source, CharOffset(source, byteOffset));

    private static LocationInfo LocationAtCharacter(string path, SourceText source, int charOffset)
    {
        var length = charOffset < source.Length ? 1 : 0;
        var start = source.Lines.GetLinePosition(charOffset);
        var end = source.Lines.GetLinePosition(charOffset + length);
        return new LocationInfo(path, charOffset, length, start.Line, start.Character, end.Line, end.Character);
    }

    /// <summary>The character offset at which the text's UTF-8 form reaches <paramref name="byteOffset"/> bytes (only on errors: walks the text).</summary>
    private static int CharOffset(SourceText source, long byteOffset)
    {
        long bytes = 0;
        var i = 0;
        while (i < source.Length && bytes < byteOffset)
        {
            var c = source[i];
            if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
            {
                bytes += 4;
                i += 2;
                continue;
            }

            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            i++;
        }

        return i;
    }

    private static int FirstTokenOffset(SourceText source)
    {
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] is not (' ' or '\t' or '\r' or '\n')) return i;
        }

        return 0;
    }
}
