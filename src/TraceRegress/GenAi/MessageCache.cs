using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.GenAi;

/// <summary>
/// Message lists (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>) read while building one trace's view.
/// Each call of a conversation repeats the history before it: the list is walked once with a reader (no document),
/// and a message whose JSON and place (attribute and index) were read before is not parsed again; its message object
/// is shared. A list that is not a valid JSON array is left to the ordinary reading, so what is read never differs.
/// </summary>
internal sealed class MessageCache
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = JsonContent.MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    private readonly Dictionary<int, List<Entry>> _byHash = [];
    private readonly HashSet<int> _seenOnce = [];

    private sealed record Entry(byte[] Json, string Source, int Index, string Role, GenAiMessage Message);

    /// <summary>
    /// Reads a message list held as a JSON array in a string into <paramref name="into"/>, as
    /// <c>MessageJson.Read</c> reads each object item and a string item becomes a text message; false (nothing added)
    /// for anything else, which the caller then reads as before.
    /// </summary>
    public bool TryReadList(AttributeValue value, string source, string defaultRole, List<GenAiMessage> into)
    {
        if (value.Kind != AttributeValueKind.String || value.AsString is not { } text || !JsonContent.LooksStructured(text)) return false;
        byte[] buffer;
        int length;
        try
        {
            buffer = ArrayPool<byte>.Shared.Rent(StrictUtf8.GetMaxByteCount(text.Length));
            length = StrictUtf8.GetBytes(text, buffer);
        }
        catch (EncoderFallbackException)
        {
            return false;
        }

        try
        {
            var utf8 = buffer.AsSpan(0, length);
            var reader = new Utf8JsonReader(utf8, isFinalBlock: true, new JsonReaderState(ReaderOptions));
            var before = into.Count;
            var complete = false;
            try
            {
                // White space JSON does not allow before the array fails here as it would in a document.
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
                var i = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var kind = reader.TokenType;
                    var start = (int)reader.TokenStartIndex;
                    var index = i++;
                    if (kind == JsonTokenType.String)
                    {
                        var at = $"{source} $[{index}]";
                        into.Add(new GenAiMessage(defaultRole, [new MessagePart(PartKind.Text, at, reader.GetString())], at));
                        continue;
                    }

                    reader.Skip();
                    if (kind != JsonTokenType.StartObject) continue;
                    into.Add(Message(buffer.AsMemory(start, (int)reader.BytesConsumed - start), source, index, defaultRole));
                }

                // The array is closed and nothing follows it (the reader fails on anything but white space).
                complete = reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 0 && !reader.Read();
            }
            catch (JsonException)
            {
                complete = false;
            }

            // Not a valid array after all: nothing of it is kept, the caller reads the value as before.
            if (!complete) into.RemoveRange(before, into.Count - before);
            return complete;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private GenAiMessage Message(ReadOnlyMemory<byte> json, string source, int index, string role)
    {
        var hash = new HashCode();
        hash.AddBytes(json.Span);
        hash.Add(source);
        hash.Add(index);
        var key = hash.ToHashCode();

        // A message seen once is only remembered by its hash; it is kept (a copy of its JSON) when seen again, so
        // messages that never repeat cost no copy.
        if (_seenOnce.Add(key)) return Read(json, At(source, index), role);
        ref var entries = ref CollectionsMarshal.GetValueRefOrAddDefault(_byHash, key, out _);
        entries ??= [];
        foreach (var e in entries)
        {
            if (e.Index == index && e.Source == source && e.Role == role && json.Span.SequenceEqual(e.Json)) return e.Message;
        }

        var message = Read(json, At(source, index), role);
        entries.Add(new Entry(json.ToArray(), source, index, role, message));
        return message;
    }

    private static string At(string source, int index) => $"{source} $[{index}]";

    private static GenAiMessage Read(ReadOnlyMemory<byte> json, string source, string role)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = JsonContent.MaxDepth });
        return MessageJson.Read(document.RootElement, source, role);
    }
}
