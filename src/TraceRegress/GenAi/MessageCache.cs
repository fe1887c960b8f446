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

    private sealed record Entry(byte[] Json, string Source, string Role, GenAiMessage Message);

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
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
            var read = new List<GenAiMessage>();
            var i = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var kind = reader.TokenType;
                var start = (int)reader.TokenStartIndex;
                var at = $"{source} $[{i++}]";
                if (kind == JsonTokenType.String)
                {
                    read.Add(new GenAiMessage(defaultRole, [new MessagePart(PartKind.Text, at, reader.GetString())], at));
                    continue;
                }

                reader.Skip();
                if (kind != JsonTokenType.StartObject) continue;
                read.Add(Message(buffer.AsMemory(start, (int)reader.BytesConsumed - start), at, defaultRole));
            }

            // The array is closed and nothing follows it (the reader fails on anything but white space).
            if (reader.TokenType != JsonTokenType.EndArray || reader.CurrentDepth != 0 || reader.Read()) return false;
            into.AddRange(read);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private GenAiMessage Message(ReadOnlyMemory<byte> json, string source, string role)
    {
        var hash = new HashCode();
        hash.AddBytes(json.Span);
        hash.Add(source);
        var key = hash.ToHashCode();

        // A message seen once is only remembered by its hash; it is kept (a copy of its JSON) when seen again, so
        // messages that never repeat cost no copy.
        if (_seenOnce.Add(key)) return Read(json, source, role);
        ref var entries = ref CollectionsMarshal.GetValueRefOrAddDefault(_byHash, key, out _);
        entries ??= [];
        foreach (var e in entries)
        {
            if (e.Source == source && e.Role == role && json.Span.SequenceEqual(e.Json)) return e.Message;
        }

        var message = Read(json, source, role);
        entries.Add(new Entry(json.ToArray(), source, role, message));
        return message;
    }

    private static GenAiMessage Read(ReadOnlyMemory<byte> json, string source, string role)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = JsonContent.MaxDepth });
        return MessageJson.Read(document.RootElement, source, role);
    }
}
