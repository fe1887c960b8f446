using System;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TraceRegress.Generators.Diagnostics;
using TraceRegress.Generators.Emit;
using TraceRegress.Generators.Models;

namespace TraceRegress.Generators.Parsing;

/// <summary>Reads one AdditionalFile into a <see cref="TraceFileModel"/>; never throws for a bad file.</summary>
internal static class CorpusFileReader
{
    /// <summary>The item metadata that marks an AdditionalFile as part of the corpus.</summary>
    public const string KindMetadata = "build_metadata.AdditionalFiles.TraceRegressKind";

    public static TraceFileModel Read(AdditionalText text, AnalyzerConfigOptionsProvider provider, CorpusOptions options, CancellationToken cancellationToken)
    {
        var path = text.Path;
        if (!IsMarkedAsTrace(provider.GetOptions(text)))
        {
            return new TraceFileModel(CorpusFileRole.NotCorpus, path, string.Empty, string.Empty, string.Empty, string.Empty, TraceFormatKind.Unknown, EquatableArray<DiagnosticInfo>.Empty);
        }

        var relativePath = path;
        try
        {
            var relative = CorpusPaths.RelativePath(path, options);
            if (relative is null || relative.Length == 0)
            {
                var outside = DiagnosticInfo.Create(DiagnosticDescriptors.OutsideCorpus, LocationInfo.StartOf(path), path.Replace('\\', '/'), options.CorpusFolder);
                return new TraceFileModel(CorpusFileRole.OutsideCorpus, path, path, string.Empty, string.Empty, string.Empty, TraceFormatKind.Unknown, new EquatableArray<DiagnosticInfo>([outside]));
            }

            relativePath = relative;
            var role = CorpusPaths.RoleOf(relativePath);
            var folder = CorpusPaths.FolderOf(relativePath);
            if (role != CorpusFileRole.Trace)
            {
                return new TraceFileModel(role, path, relativePath, folder, string.Empty, string.Empty, TraceFormatKind.Unknown, EquatableArray<DiagnosticInfo>.Empty);
            }

            var methodName = TestNames.MethodName(CorpusPaths.FileNameOf(relativePath));
            var source = text.GetText(cancellationToken);
            if (source is null)
            {
                var unreadable = DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableTrace, LocationInfo.StartOf(path), relativePath, "the file could not be opened");
                return new TraceFileModel(role, path, relativePath, folder, methodName, string.Empty, TraceFormatKind.Unknown, new EquatableArray<DiagnosticInfo>([unreadable]));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var bytes = Encoding.UTF8.GetBytes(source.ToString());
            var hash = ContentHash.Of(bytes);
            var validation = TraceValidator.Validate(bytes);
            cancellationToken.ThrowIfCancellationRequested();

            var diagnostics = EquatableArray<DiagnosticInfo>.Empty;
            if (validation.Error is not null)
            {
                var location = LocationAt(path, source, bytes, validation.ErrorOffset);
                diagnostics = new EquatableArray<DiagnosticInfo>([DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableTrace, location, relativePath, validation.Error)]);
            }
            else if (validation.Format == TraceFormatKind.Unknown)
            {
                var location = LocationAt(path, source, bytes, FirstTokenOffset(bytes));
                diagnostics = new EquatableArray<DiagnosticInfo>([DiagnosticInfo.Create(DiagnosticDescriptors.UnknownTraceFormat, location, relativePath, TraceFormatDetector.Describe(validation.Shape))]);
            }

            return new TraceFileModel(role, path, relativePath, folder, methodName, hash, validation.Format, diagnostics);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One broken file must not take the other tests down with it.
            var failed = DiagnosticInfo.Create(DiagnosticDescriptors.GenerationFailed, LocationInfo.StartOf(path), relativePath.Replace('\\', '/'), e.GetType().Name + ": " + e.Message);
            return new TraceFileModel(CorpusFileRole.Trace, path, relativePath, CorpusPaths.FolderOf(relativePath), string.Empty, string.Empty, TraceFormatKind.Unknown, new EquatableArray<DiagnosticInfo>([failed]));
        }
    }

    /// <summary>True when the file carries <c>TraceRegressKind="trace"</c>.</summary>
    public static bool IsMarkedAsTrace(AnalyzerConfigOptions options) =>
        options.TryGetValue(KindMetadata, out var kind) && string.Equals(kind?.Trim(), "trace", StringComparison.OrdinalIgnoreCase);

    /// <summary>A one-character location at a UTF-8 byte offset, in the editor's lines and columns.</summary>
    private static LocationInfo LocationAt(string path, SourceText source, byte[] bytes, long byteOffset)
    {
        var offset = (int)Math.Max(0, Math.Min(byteOffset, bytes.Length));
        var charOffset = Math.Min(Encoding.UTF8.GetCharCount(bytes, 0, offset), source.Length);
        var length = charOffset < source.Length ? 1 : 0;
        var start = source.Lines.GetLinePosition(charOffset);
        var end = source.Lines.GetLinePosition(charOffset + length);
        return new LocationInfo(path, charOffset, length, start.Line, start.Character, end.Line, end.Character);
    }

    private static long FirstTokenOffset(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return i;
        }

        return 0;
    }
}
