using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TraceRegress.Model;

/// <summary>The type of an <see cref="AttributeValue"/>, following OpenTelemetry's typed attribute values.</summary>
public enum AttributeValueKind
{
    /// <summary>An explicit null or an empty OTLP value.</summary>
    Null,
    /// <summary>A string.</summary>
    String,
    /// <summary>A boolean.</summary>
    Bool,
    /// <summary>A 64-bit signed integer.</summary>
    Int,
    /// <summary>A double-precision number.</summary>
    Double,
    /// <summary>Raw bytes (OTLP <c>bytesValue</c>).</summary>
    Bytes,
    /// <summary>An ordered list of values.</summary>
    Array,
    /// <summary>An ordered list of key/value pairs (OTLP <c>kvlistValue</c>, or a JSON object).</summary>
    Map,
}

/// <summary>An immutable, typed attribute value of a span, an event, a link or a resource.</summary>
public sealed class AttributeValue : IEquatable<AttributeValue>
{
    private readonly object? _value;
    private readonly long _int;
    private readonly double _double;

    private AttributeValue(AttributeValueKind kind, object? value = null, long i = 0, double d = 0)
    {
        Kind = kind;
        _value = value;
        _int = i;
        _double = d;
    }

    /// <summary>The null value.</summary>
    public static AttributeValue Null { get; } = new(AttributeValueKind.Null);

    /// <summary>The value's type.</summary>
    public AttributeValueKind Kind { get; }

    /// <summary>Creates a string value.</summary>
    public static AttributeValue FromString(string value) => new(AttributeValueKind.String, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Creates a boolean value.</summary>
    public static AttributeValue FromBool(bool value) => new(AttributeValueKind.Bool, i: value ? 1 : 0);

    /// <summary>Creates an integer value.</summary>
    public static AttributeValue FromInt(long value) => new(AttributeValueKind.Int, i: value);

    /// <summary>Creates a floating-point value.</summary>
    public static AttributeValue FromDouble(double value) => new(AttributeValueKind.Double, d: value);

    /// <summary>Creates a bytes value.</summary>
    public static AttributeValue FromBytes(byte[] value) => new(AttributeValueKind.Bytes, (byte[])value.Clone());

    /// <summary>Creates an array value.</summary>
    public static AttributeValue FromArray(IEnumerable<AttributeValue> values) => new(AttributeValueKind.Array, values.ToArray());

    /// <summary>Creates a map value; keys keep their order.</summary>
    public static AttributeValue FromMap(IEnumerable<KeyValuePair<string, AttributeValue>> entries) => new(AttributeValueKind.Map, entries.ToArray());

    /// <summary>The string, when <see cref="Kind"/> is <see cref="AttributeValueKind.String"/>; otherwise null.</summary>
    public string? AsString => Kind == AttributeValueKind.String ? (string)_value! : null;

    /// <summary>The boolean, when <see cref="Kind"/> is <see cref="AttributeValueKind.Bool"/>.</summary>
    public bool? AsBool => Kind == AttributeValueKind.Bool ? _int != 0 : null;

    /// <summary>The integer, when <see cref="Kind"/> is <see cref="AttributeValueKind.Int"/>.</summary>
    public long? AsInt => Kind == AttributeValueKind.Int ? _int : null;

    /// <summary>The number, when <see cref="Kind"/> is <see cref="AttributeValueKind.Double"/> or <see cref="AttributeValueKind.Int"/>.</summary>
    public double? AsDouble => Kind switch
    {
        AttributeValueKind.Double => _double,
        AttributeValueKind.Int => _int,
        _ => null,
    };

    /// <summary>The bytes, when <see cref="Kind"/> is <see cref="AttributeValueKind.Bytes"/>.</summary>
    public ReadOnlyMemory<byte>? AsBytes => Kind == AttributeValueKind.Bytes ? (byte[])_value! : null;

    /// <summary>The items, when <see cref="Kind"/> is <see cref="AttributeValueKind.Array"/>; otherwise empty.</summary>
    public IReadOnlyList<AttributeValue> Items => Kind == AttributeValueKind.Array ? (AttributeValue[])_value! : [];

    /// <summary>The entries, when <see cref="Kind"/> is <see cref="AttributeValueKind.Map"/>; otherwise empty.</summary>
    public IReadOnlyList<KeyValuePair<string, AttributeValue>> Entries =>
        Kind == AttributeValueKind.Map ? (KeyValuePair<string, AttributeValue>[])_value! : [];

    /// <summary>
    /// Reads the value as an integer when it is one, or is a string or double holding an integral number
    /// (OTLP sends <c>intValue</c> as a string; some exporters send numbers as strings).
    /// </summary>
    public bool TryGetInt64(out long value)
    {
        switch (Kind)
        {
            case AttributeValueKind.Int:
                value = _int;
                return true;
            case AttributeValueKind.Double when _double == Math.Floor(_double) && Math.Abs(_double) < 9e15:
                value = (long)_double;
                return true;
            case AttributeValueKind.String:
                return long.TryParse((string)_value!, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>Reads the value as a number when it is one or a string holding one.</summary>
    public bool TryGetDouble(out double value)
    {
        switch (Kind)
        {
            case AttributeValueKind.Int:
                value = _int;
                return true;
            case AttributeValueKind.Double:
                value = _double;
                return true;
            case AttributeValueKind.String:
                return double.TryParse((string)_value!, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>
    /// The value as text, culture-invariant: strings as they are, numbers and booleans in invariant
    /// form, arrays and maps as compact JSON, bytes as base64.
    /// </summary>
    public override string ToString() => Kind switch
    {
        AttributeValueKind.String => (string)_value!,
        AttributeValueKind.Null => "",
        AttributeValueKind.Int => _int.ToString(CultureInfo.InvariantCulture),
        AttributeValueKind.Bool => _int != 0 ? "true" : "false",
        _ => ToJson(),
    };

    /// <summary>The value as compact JSON.</summary>
    public string ToJson()
    {
        // One buffer and writer per thread, reused: only the resulting string is allocated.
        var (buffer, writer) = _jsonWriter ??= NewJsonWriter();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            WriteJson(writer);
            writer.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            // A very large value does not keep its buffer alive on the thread.
            if (buffer.Capacity > 1 << 16) _jsonWriter = null;
        }
    }

    [ThreadStatic]
    private static (System.Buffers.ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? _jsonWriter;

    private static (System.Buffers.ArrayBufferWriter<byte>, Utf8JsonWriter) NewJsonWriter()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        return (buffer, new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }));
    }

    /// <summary>Writes the value as plain JSON (strings, numbers, booleans, arrays, objects).</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        // Scalars and flat arrays of scalars (most attribute values) need no stack.
        if (Kind is not (AttributeValueKind.Array or AttributeValueKind.Map))
        {
            WriteScalar(writer, this);
            return;
        }

        if (Kind == AttributeValueKind.Array && Array.TrueForAll((AttributeValue[])_value!, static i => i.Kind is not (AttributeValueKind.Array or AttributeValueKind.Map)))
        {
            writer.WriteStartArray();
            foreach (var item in (AttributeValue[])_value!) WriteScalar(writer, item);
            writer.WriteEndArray();
            return;
        }

        // Iterative so that deeply nested values cannot overflow the stack.
        var stack = new Stack<(AttributeValue Value, int Next, bool Opened)>();
        stack.Push((this, 0, false));
        while (stack.Count > 0)
        {
            var (value, next, opened) = stack.Pop();
            switch (value.Kind)
            {
                case AttributeValueKind.Array:
                    {
                        var items = (AttributeValue[])value._value!;
                        if (!opened) writer.WriteStartArray();
                        if (next < items.Length)
                        {
                            stack.Push((value, next + 1, true));
                            stack.Push((items[next], 0, false));
                        }
                        else
                        {
                            writer.WriteEndArray();
                        }

                        break;
                    }

                case AttributeValueKind.Map:
                    {
                        var entries = (KeyValuePair<string, AttributeValue>[])value._value!;
                        if (!opened) writer.WriteStartObject();
                        if (next < entries.Length)
                        {
                            writer.WritePropertyName(entries[next].Key);
                            stack.Push((value, next + 1, true));
                            stack.Push((entries[next].Value, 0, false));
                        }
                        else
                        {
                            writer.WriteEndObject();
                        }

                        break;
                    }

                default: WriteScalar(writer, value); break;
            }
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, AttributeValue value)
    {
        switch (value.Kind)
        {
            case AttributeValueKind.String: writer.WriteStringValue((string)value._value!); break;
            case AttributeValueKind.Bool: writer.WriteBooleanValue(value._int != 0); break;
            case AttributeValueKind.Int: writer.WriteNumberValue(value._int); break;
            case AttributeValueKind.Double:
                if (double.IsFinite(value._double)) writer.WriteNumberValue(value._double);
                else writer.WriteStringValue(value._double.ToString(CultureInfo.InvariantCulture));
                break;
            case AttributeValueKind.Bytes: writer.WriteBase64StringValue((byte[])value._value!); break;
            default: writer.WriteNullValue(); break;
        }
    }

    /// <summary>True when both values have the same kind and the same content (arrays and maps item by item, in order).</summary>
    public bool Equals(AttributeValue? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (other.Kind != Kind) return false;
        if (Kind is not (AttributeValueKind.Array or AttributeValueKind.Map)) return ScalarEquals(this, other);

        // Iterative so that deeply nested values cannot overflow the stack.
        var stack = new Stack<(AttributeValue A, AttributeValue B)>();
        stack.Push((this, other));
        while (stack.Count > 0)
        {
            var (a, b) = stack.Pop();
            if (ReferenceEquals(a, b)) continue;
            if (a.Kind != b.Kind) return false;
            switch (a.Kind)
            {
                case AttributeValueKind.Array:
                    {
                        var x = (AttributeValue[])a._value!;
                        var y = (AttributeValue[])b._value!;
                        if (x.Length != y.Length) return false;
                        for (var i = x.Length - 1; i >= 0; i--) stack.Push((x[i], y[i]));
                        break;
                    }

                case AttributeValueKind.Map:
                    {
                        var x = (KeyValuePair<string, AttributeValue>[])a._value!;
                        var y = (KeyValuePair<string, AttributeValue>[])b._value!;
                        if (x.Length != y.Length) return false;
                        for (var i = x.Length - 1; i >= 0; i--)
                        {
                            if (!string.Equals(x[i].Key, y[i].Key, StringComparison.Ordinal)) return false;
                            stack.Push((x[i].Value, y[i].Value));
                        }

                        break;
                    }

                default:
                    if (!ScalarEquals(a, b)) return false;
                    break;
            }
        }

        return true;
    }

    private static bool ScalarEquals(AttributeValue a, AttributeValue b) => a.Kind switch
    {
        AttributeValueKind.String => string.Equals((string)a._value!, (string)b._value!, StringComparison.Ordinal),
        AttributeValueKind.Bool or AttributeValueKind.Int => a._int == b._int,
        AttributeValueKind.Double => a._double.Equals(b._double),
        AttributeValueKind.Bytes => ((byte[])a._value!).AsSpan().SequenceEqual((byte[])b._value!),
        _ => true,
    };

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AttributeValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        var stack = new Stack<AttributeValue>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var v = stack.Pop();
            hash.Add(v.Kind);
            switch (v.Kind)
            {
                case AttributeValueKind.String: hash.Add((string)v._value!, StringComparer.Ordinal); break;
                case AttributeValueKind.Bool or AttributeValueKind.Int: hash.Add(v._int); break;
                case AttributeValueKind.Double: hash.Add(v._double); break;
                case AttributeValueKind.Bytes: hash.AddBytes((byte[])v._value!); break;
                case AttributeValueKind.Array:
                    {
                        var items = (AttributeValue[])v._value!;
                        hash.Add(items.Length);
                        for (var i = items.Length - 1; i >= 0; i--) stack.Push(items[i]);
                        break;
                    }

                case AttributeValueKind.Map:
                    {
                        var entries = (KeyValuePair<string, AttributeValue>[])v._value!;
                        hash.Add(entries.Length);
                        for (var i = entries.Length - 1; i >= 0; i--)
                        {
                            hash.Add(entries[i].Key, StringComparer.Ordinal);
                            stack.Push(entries[i].Value);
                        }

                        break;
                    }
            }
        }

        return hash.ToHashCode();
    }

    /// <summary>Converts a string to a string value.</summary>
    public static implicit operator AttributeValue(string value) => FromString(value);

    /// <summary>Converts an integer to an integer value.</summary>
    public static implicit operator AttributeValue(long value) => FromInt(value);

    /// <summary>Converts a double to a floating-point value.</summary>
    public static implicit operator AttributeValue(double value) => FromDouble(value);

    /// <summary>Converts a boolean to a boolean value.</summary>
    public static implicit operator AttributeValue(bool value) => FromBool(value);
}
