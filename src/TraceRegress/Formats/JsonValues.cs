using System.Globalization;
using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>Reading plain JSON values and common scalar shapes with positioned errors.</summary>
internal static class JsonValues
{
    /// <summary>Advances the reader, turning the JSON reader's own errors and early ends into <see cref="TraceFormatException"/>.</summary>
    public static void Next(this TraceInput input, ref Utf8JsonReader reader)
    {
        try
        {
            if (!reader.Read())
            {
                throw input.Error(reader.BytesConsumed, "unexpected end of the document: the file looks truncated");
            }
        }
        catch (JsonException e)
        {
            throw input.Error(e);
        }
    }

    /// <summary>Skips the current value (object or array with its contents), with positioned errors.</summary>
    public static void SkipValue(this TraceInput input, ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        var depth = reader.CurrentDepth;
        do
        {
            input.Next(ref reader);
        }
        while (reader.CurrentDepth > depth || reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray));
    }

    /// <summary>Reads one array element: called on the element's first token, it must leave the reader on its last.</summary>
    public delegate void ElementReader(ref Utf8JsonReader reader);

    /// <summary>
    /// Walks the array the reader stands on, calling <paramref name="read"/> for each element; a JSON null is an
    /// empty array, any other type an error saying <paramref name="what"/> was expected.
    /// </summary>
    public static void ReadArray(this TraceInput input, ref Utf8JsonReader reader, string what, ElementReader read)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        input.Expect(ref reader, JsonTokenType.StartArray, what);
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            read(ref reader);
            input.Next(ref reader);
        }
    }

    /// <summary>Requires the current token to be of a type.</summary>
    public static void Expect(this TraceInput input, ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type) throw input.Error(reader, $"expected {what}, found {Describe(reader.TokenType)}");
    }

    /// <summary>Reads a string value (or null); other types are an error naming the property.</summary>
    public static string? ReadString(this TraceInput input, ref Utf8JsonReader reader, string property)
    {
        return reader.TokenType switch
        {
            JsonTokenType.String => input.Strings.Get(ref reader),
            JsonTokenType.Null => null,
            _ => throw input.Error(reader, $"expected a string for \"{property}\", found {Describe(reader.TokenType)}"),
        };
    }

    /// <summary>Reads an id that sources give as a string or, sometimes, a number.</summary>
    public static string? ReadId(this TraceInput input, ref Utf8JsonReader reader, string property)
    {
        return reader.TokenType switch
        {
            JsonTokenType.String => input.Strings.Get(ref reader),
            JsonTokenType.Number => reader.HasValueSequence ? System.Text.Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence)) : input.Strings.Get(reader.ValueSpan),
            JsonTokenType.Null => null,
            _ => throw input.Error(reader, $"expected a string id for \"{property}\", found {Describe(reader.TokenType)}"),
        };
    }

    /// <summary>Reads an integer given as a JSON number or a decimal string (OTLP uses strings for 64-bit values).</summary>
    public static long ReadInt64(this TraceInput input, ref Utf8JsonReader reader, string property)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var n)) return n;
            if (reader.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18) return (long)d;
        }
        else if (reader.TokenType == JsonTokenType.String
                 && (!reader.HasValueSequence && !reader.ValueIsEscaped
                     ? long.TryParse(reader.ValueSpan, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
                     : long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out s)))
        {
            return s;
        }

        throw input.Error(reader, $"expected an integer for \"{property}\", found {Describe(reader.TokenType)}");
    }

    /// <summary>Reads a number given as a JSON number or a decimal string.</summary>
    public static double ReadDouble(this TraceInput input, ref Utf8JsonReader reader, string property)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d)) return d;
        if (reader.TokenType == JsonTokenType.String
            && (!reader.HasValueSequence && !reader.ValueIsEscaped
                ? double.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
                : double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out s)))
        {
            return s;
        }

        throw input.Error(reader, $"expected a number for \"{property}\", found {Describe(reader.TokenType)}");
    }

    /// <summary>
    /// Reads any JSON value as an <see cref="AttributeValue"/>: integral numbers as Int, other numbers
    /// as Double, objects as Map, arrays as Array. Recursion is bounded by <see cref="TraceInput.MaxDepth"/>.
    /// </summary>
    public static AttributeValue ReadPlainValue(this TraceInput input, ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String: return AttributeValue.FromString(input.Strings.Get(ref reader)!);
            case JsonTokenType.True: return AttributeValue.FromBool(true);
            case JsonTokenType.False: return AttributeValue.FromBool(false);
            case JsonTokenType.Null: return AttributeValue.Null;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var i)) return AttributeValue.FromInt(i);
                return AttributeValue.FromDouble(reader.GetDouble());
            case JsonTokenType.StartArray:
                {
                    var items = new List<AttributeValue>();
                    input.Next(ref reader);
                    while (reader.TokenType != JsonTokenType.EndArray)
                    {
                        items.Add(input.ReadPlainValue(ref reader));
                        input.Next(ref reader);
                    }

                    return AttributeValue.FromArray(items);
                }

            case JsonTokenType.StartObject:
                {
                    var entries = new List<KeyValuePair<string, AttributeValue>>();
                    input.Next(ref reader);
                    while (reader.TokenType != JsonTokenType.EndObject)
                    {
                        var key = input.Strings.Get(ref reader)!;
                        input.Next(ref reader);
                        entries.Add(new(key, input.ReadPlainValue(ref reader)));
                        input.Next(ref reader);
                    }

                    return AttributeValue.FromMap(entries);
                }

            default:
                throw input.Error(reader, $"expected a JSON value, found {Describe(reader.TokenType)}");
        }
    }

    /// <summary>Reads a JSON object of plain values into attributes.</summary>
    public static void ReadPlainObject(this TraceInput input, ref Utf8JsonReader reader, List<KeyValuePair<string, AttributeValue>> into, string property)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartObject) input.Expect(ref reader, JsonTokenType.StartObject, $"an object for \"{property}\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var key = input.Strings.Get(ref reader)!;
            input.Next(ref reader);
            into.Add(new(key, input.ReadPlainValue(ref reader)));
            input.Next(ref reader);
        }
    }

    /// <summary>The raw JSON text of the current value (object, array or scalar), for keeping payloads verbatim.</summary>
    public static string ReadRawText(this TraceInput input, ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString()!;
        var start = (int)reader.TokenStartIndex;
        input.SkipValue(ref reader);
        var end = (int)reader.BytesConsumed;
        return System.Text.Encoding.UTF8.GetString(input.Utf8.Span[start..end]);
    }

    /// <summary>Parses an ISO 8601 timestamp (any offset) to Unix nanoseconds.</summary>
    public static long ReadIsoTime(this TraceInput input, ref Utf8JsonReader reader, string property)
    {
        // Fast path: an ISO 8601 time that names UTC ('Z') reads straight from the bytes; anything else (offsets,
        // no zone, which means UTC here, other spellings) goes through the general parser below.
        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
            && reader.ValueSpan is [.., (byte)'Z'] && reader.TryGetDateTimeOffset(out var utc) && utc.Offset == TimeSpan.Zero)
        {
            return (utc.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        }

        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            return (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        }

        throw input.Error(reader, $"expected an ISO 8601 timestamp string for \"{property}\", found {(text is null ? Describe(reader.TokenType) : $"\"{text}\"")}");
    }

    /// <summary>Converts Unix nanoseconds to a timestamp.</summary>
    public static DateTimeOffset FromUnixNanos(long nanos) => DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);

    /// <summary>Describes a token type for error messages.</summary>
    public static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.EndObject => "the end of an object",
        JsonTokenType.EndArray => "the end of an array",
        JsonTokenType.PropertyName => "a property name",
        _ => type.ToString(),
    };

    /// <summary>Maps common status spellings (<c>OK</c>, <c>STATUS_CODE_ERROR</c>, 2, "error") to a code.</summary>
    public static SpanStatusCode ParseStatusCode(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "OK" or "STATUS_CODE_OK" or "1" or "SUCCESS" => SpanStatusCode.Ok,
        "ERROR" or "STATUS_CODE_ERROR" or "2" or "FAILED" or "FAILURE" => SpanStatusCode.Error,
        _ => SpanStatusCode.Unset,
    };

    /// <summary>Maps OpenTelemetry span kind spellings (<c>SPAN_KIND_CLIENT</c>, <c>client</c>, 3) to a kind.</summary>
    public static SpanKindCode ParseKind(string? text) => text?.Trim().ToUpperInvariant().Replace("SPAN_KIND_", "") switch
    {
        "INTERNAL" or "1" => SpanKindCode.Internal,
        "SERVER" or "2" => SpanKindCode.Server,
        "CLIENT" or "3" => SpanKindCode.Client,
        "PRODUCER" or "4" => SpanKindCode.Producer,
        "CONSUMER" or "5" => SpanKindCode.Consumer,
        _ => SpanKindCode.Unspecified,
    };
}
