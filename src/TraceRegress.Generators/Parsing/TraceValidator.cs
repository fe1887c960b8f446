using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace TraceRegress.Generators.Parsing;

/// <summary>
/// Checks that a trace is well-formed JSON and sketches its shape for format detection, in one
/// forward pass with <see cref="Utf8JsonReader"/> over the document's UTF-8 in chunks (no document is
/// built, and the content is never copied whole). The compiler's text (in the generator) and a file's
/// bytes (in the build task that checks the corpus before the compiler runs) feed the same pass, so both
/// reach the same verdict. Reading the spans is left to the core at test time: the build only needs to
/// know the file will be readable.
/// </summary>
internal static partial class TraceValidator
{
    /// <summary>Same nesting bound as the core's readers.</summary>
    public const int MaxDepth = 256;

    // Shape is taken from the start of the document only, like the core's probe.
    private const int ShapeWindowBytes = 256 * 1024;
    private const int MaxShapeDepth = 8;
    private const int MaxShapePaths = 4096;

    private const ulong RootPath = 14695981039346656037UL;

    /// <summary>Validates a UTF-8 document; on failure, <see cref="TraceValidation.ErrorOffset"/> is the byte offset of the first error.</summary>
    public static TraceValidation Validate(byte[] utf8) => Validate(new ByteChunks(utf8), CancellationToken.None);

    /// <summary>
    /// Validates a document read forward in chunks of UTF-8; on failure, <see cref="TraceValidation.ErrorOffset"/> is the
    /// byte offset of the first error. The verdict depends only on the bytes, never on how they are cut into chunks.
    /// </summary>
    public static TraceValidation Validate(Utf8Chunks input, CancellationToken cancellationToken)
    {
        var options = new JsonReaderOptions
        {
            MaxDepth = MaxDepth,
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = false,
            // JSON Lines (the Collector's file exporter) holds one document per line.
            AllowMultipleValues = true,
        };
        var shape = new ShapeBuilder();
        var state = new JsonReaderState(options);
        var buffer = new byte[Math.Max(input.MinimumSpace, 1)];
        var filled = 0;
        var final = false;
        long bufferStart = 0;
        long secondValueOffset = -1;
        try
        {
            while (true)
            {
                if (!final)
                {
                    var needed = filled + input.MinimumSpace;
                    if (needed > buffer.Length) Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
                    filled += input.Read(buffer, filled, buffer.Length - filled);
                    final = input.AtEnd;
                }

                var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(buffer, 0, filled), final, state);
                while (reader.Read())
                {
                    var offset = bufferStart + reader.TokenStartIndex;
                    if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName))
                    {
                        shape.TopLevelValues++;
                        if (shape.TopLevelValues == 1) shape.Root = reader.TokenType;
                        if (shape.TopLevelValues == 2) secondValueOffset = offset;
                    }

                    shape.Observe(ref reader, offset < ShapeWindowBytes);
                }

                if (final) break;
                cancellationToken.ThrowIfCancellationRequested();
                state = reader.CurrentState;
                var consumed = (int)reader.BytesConsumed;
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                bufferStart += consumed;
            }
        }
        catch (JsonException e)
        {
            // Rare: the reader's line and byte position turned into an offset from the start of the document.
            var offset = input.OffsetOf(e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            return new TraceValidation(Models.TraceFormatKind.Unknown, shape.Shape, offset, Reason(e));
        }

        var result = shape.Shape;
        if (result.TopLevelValues == 0)
        {
            return new TraceValidation(Models.TraceFormatKind.Unknown, result, 0, "the file is empty: expected a JSON trace document");
        }

        var format = TraceFormatDetector.Detect(result);
        // JSON Lines (or values one after another) are read for OTLP/JSON, LangSmith runs, OpenInference spans and Langfuse
        // traces or observations; the other formats are one document.
        if (result.TopLevelValues > 1 && format is not (Models.TraceFormatKind.Otlp or Models.TraceFormatKind.LangSmith
                or Models.TraceFormatKind.OpenInference or Models.TraceFormatKind.Langfuse))
        {
            return new TraceValidation(format, result, secondValueOffset,
                "expected the end of the file after the trace document (JSON Lines are read for OTLP/JSON, LangSmith, OpenInference and Langfuse)");
        }

        return new TraceValidation(format, result, -1, null);
    }

    /// <summary>
    /// Collects the property paths near the top of the document. A trace repeats the same few names
    /// thousands of times, so each (container path, name) pair is recognised by a hash of its UTF-8
    /// bytes and only a new pair allocates its path string.
    /// </summary>
    private sealed class ShapeBuilder
    {
        private readonly HashSet<ulong> _seen = [];
        private readonly Dictionary<ulong, string> _pathText = new() { [RootPath] = string.Empty };
        private readonly List<ulong> _containers = [];
        private ulong? _pending;

        public TraceShape Shape { get; } = new();

        public JsonTokenType Root { set => Shape.Root = value; }

        public int TopLevelValues { get => Shape.TopLevelValues; set => Shape.TopLevelValues = value; }

        public void Observe(ref Utf8JsonReader reader, bool inWindow)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    _pending = null;
                    if (inWindow && _containers.Count < MaxShapeDepth && Shape.Count < MaxShapePaths)
                    {
                        var parent = _containers.Count == 0 ? RootPath : _containers[_containers.Count - 1];
                        var path = Mix(parent, ref reader);
                        _pending = path;
                        if (_seen.Add(path))
                        {
                            var text = _pathText[parent] + "/" + reader.GetString();
                            _pathText[path] = text;
                            Shape.Add(text);
                        }
                    }

                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    // Arrays are transparent: only property names make path segments.
                    _containers.Add(_pending ?? (_containers.Count == 0 ? RootPath : _containers[_containers.Count - 1]));
                    _pending = null;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    if (_containers.Count > 0) _containers.RemoveAt(_containers.Count - 1);
                    break;
                default:
                    _pending = null;
                    break;
            }
        }

        // FNV-1a over the parent's hash and the name's bytes as written (an escaped name is unescaped first).
        private static ulong Mix(ulong parent, ref Utf8JsonReader reader)
        {
            var hash = parent ^ 0x2F;
            hash = unchecked(hash * 1099511628211UL);
            if (reader.ValueIsEscaped || reader.HasValueSequence)
            {
                foreach (var b in Encoding.UTF8.GetBytes(reader.GetString()!)) hash = unchecked((hash ^ b) * 1099511628211UL);
                return hash;
            }

            foreach (var b in reader.ValueSpan) hash = unchecked((hash ^ b) * 1099511628211UL);
            return hash;
        }
    }

    /// <summary>The reader's message without its own 0-based position (the diagnostic's location carries it).</summary>
    internal static string Reason(JsonException e)
    {
        var message = e.Message;
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (at >= 0) message = message.Substring(0, at);
        message = message.Trim();
        if (message.EndsWith(".", StringComparison.Ordinal)) message = message.Substring(0, message.Length - 1);
        return message.Length == 0 ? "malformed JSON" : message;
    }

    /// <summary>The byte offset of a 0-based line (counted by '\n', as the reader does) and byte position.</summary>
    internal static long OffsetOf(byte[] utf8, long line, long bytePositionInLine)
    {
        long offset = 0;
        for (long seen = 0; seen < line && offset < utf8.Length; offset++)
        {
            if (utf8[offset] == (byte)'\n') seen++;
        }

        return Math.Min(offset + bytePositionInLine, utf8.Length);
    }
}

/// <summary>The outcome of <see cref="TraceValidator.Validate(Utf8Chunks, System.Threading.CancellationToken)"/>.</summary>
/// <param name="Format">The format recognised, <see cref="Models.TraceFormatKind.Unknown"/> when none.</param>
/// <param name="Shape">What was seen.</param>
/// <param name="ErrorOffset">The byte offset of the first error, -1 when the file is well-formed.</param>
/// <param name="Error">What is wrong, null when the file is well-formed.</param>
internal sealed record TraceValidation(Models.TraceFormatKind Format, TraceShape Shape, long ErrorOffset, string? Error);
