using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace TraceRegress.Generators.Parsing;

/// <summary>
/// Checks that a trace is well-formed JSON and sketches its shape for format detection, in one
/// forward pass with <see cref="Utf8JsonReader"/> (no document is built). Reading the spans is
/// left to the core at test time: the build only needs to know the file will be readable.
/// </summary>
internal static class TraceValidator
{
    /// <summary>Same nesting bound as the core's readers.</summary>
    public const int MaxDepth = 256;

    // Shape is taken from the start of the document only, like the core's probe.
    private const int ShapeWindowBytes = 256 * 1024;
    private const int MaxShapeDepth = 8;
    private const int MaxShapePaths = 4096;

    /// <summary>Validates <paramref name="utf8"/>; on failure, <see cref="TraceValidation.ErrorOffset"/> is the byte offset of the first error.</summary>
    public static TraceValidation Validate(byte[] utf8)
    {
        var shape = new TraceShape();
        var options = new JsonReaderOptions
        {
            MaxDepth = MaxDepth,
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = false,
            // JSON Lines (the Collector's file exporter) holds one document per line.
            AllowMultipleValues = true,
        };
        var reader = new Utf8JsonReader(utf8, options);
        var path = new List<string>();
        string? pendingName = null;
        long secondValueOffset = -1;
        try
        {
            while (reader.Read())
            {
                var inWindow = reader.TokenStartIndex < ShapeWindowBytes;
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName))
                {
                    shape.TopLevelValues++;
                    if (shape.TopLevelValues == 1) shape.Root = reader.TokenType;
                    if (shape.TopLevelValues == 2) secondValueOffset = reader.TokenStartIndex;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingName = null;
                        if (inWindow && path.Count < MaxShapeDepth && shape.Count < MaxShapePaths)
                        {
                            pendingName = reader.GetString();
                            shape.Add(Join(path, pendingName!));
                        }

                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        // Arrays are transparent: only property names make path segments.
                        path.Add(pendingName ?? string.Empty);
                        pendingName = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        if (path.Count > 0) path.RemoveAt(path.Count - 1);
                        break;
                    default:
                        pendingName = null;
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            var offset = OffsetOf(utf8, e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            return new TraceValidation(Models.TraceFormatKind.Unknown, shape, offset, Reason(e));
        }

        if (shape.TopLevelValues == 0)
        {
            return new TraceValidation(Models.TraceFormatKind.Unknown, shape, 0, "the file is empty: expected a JSON trace document");
        }

        var format = TraceFormatDetector.Detect(shape);
        if (shape.TopLevelValues > 1 && format != Models.TraceFormatKind.Otlp)
        {
            return new TraceValidation(format, shape, secondValueOffset, "expected the end of the file after the trace document (JSON Lines are read only for OTLP/JSON)");
        }

        return new TraceValidation(format, shape, -1, null);
    }

    /// <summary>The reader's message without its own 0-based position (the diagnostic's location carries it).</summary>
    private static string Reason(JsonException e)
    {
        var message = e.Message;
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (at >= 0) message = message.Substring(0, at);
        message = message.Trim();
        if (message.EndsWith(".", StringComparison.Ordinal)) message = message.Substring(0, message.Length - 1);
        return message.Length == 0 ? "malformed JSON" : message;
    }

    /// <summary>The byte offset of a 0-based line (counted by '\n', as the reader does) and byte position.</summary>
    private static long OffsetOf(byte[] utf8, long line, long bytePositionInLine)
    {
        long offset = 0;
        for (long seen = 0; seen < line && offset < utf8.Length; offset++)
        {
            if (utf8[offset] == (byte)'\n') seen++;
        }

        return Math.Min(offset + bytePositionInLine, utf8.Length);
    }

    private static string Join(List<string> path, string name)
    {
        var sb = new StringBuilder();
        foreach (var segment in path)
        {
            if (segment.Length == 0) continue;
            sb.Append('/').Append(segment);
        }

        return sb.Append('/').Append(name).ToString();
    }
}

/// <summary>The outcome of <see cref="TraceValidator.Validate"/>.</summary>
/// <param name="Format">The format recognised, <see cref="Models.TraceFormatKind.Unknown"/> when none.</param>
/// <param name="Shape">What was seen.</param>
/// <param name="ErrorOffset">The byte offset of the first error, -1 when the file is well-formed.</param>
/// <param name="Error">What is wrong, null when the file is well-formed.</param>
internal sealed record TraceValidation(Models.TraceFormatKind Format, TraceShape Shape, long ErrorOffset, string? Error);
