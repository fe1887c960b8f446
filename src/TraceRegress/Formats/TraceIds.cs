namespace TraceRegress.Formats;

/// <summary>
/// Trace and span ids as the OpenTelemetry-family formats (OTLP, Jaeger, Zipkin) carry them: lower-case hex.
/// Jaeger and Zipkin drop leading zeros and use 64-bit trace ids; protobuf's own JSON mapping writes ids in base64.
/// </summary>
internal static class TraceIds
{
    public const int TraceIdHexLength = 32;
    public const int SpanIdHexLength = 16;

    /// <summary>True when the text is non-empty and all hex digits.</summary>
    public static bool IsHex(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }

        return true;
    }

    /// <summary>
    /// Lower-cases a hex id; turns a base64 id of the right byte length (protobuf's JSON mapping: 24 characters
    /// ending in <c>==</c> for a trace id, 12 ending in <c>=</c> for a span id) into hex. Anything else is kept as given.
    /// </summary>
    public static string Normalize(string id, int byteLength)
    {
        if (IsHex(id)) return id.ToLowerInvariant();
        var base64Length = (byteLength + 2) / 3 * 4;
        if (id.Length == base64Length && id.EndsWith('='))
        {
            var bytes = new byte[byteLength + 2];
            if (Convert.TryFromBase64String(id, bytes, out var written) && written == byteLength)
            {
                return Convert.ToHexStringLower(bytes.AsSpan(0, written));
            }
        }

        return id;
    }

    /// <summary>
    /// Restores the leading zeros Jaeger and Zipkin drop: a hex id shorter than <paramref name="hexLength"/>
    /// is left-padded (a 64-bit trace id keeps its 16 digits, as both systems allow).
    /// </summary>
    public static string Pad(string id, int hexLength)
    {
        if (!IsHex(id)) return id;
        id = id.ToLowerInvariant();
        if (hexLength == TraceIdHexLength && id.Length <= SpanIdHexLength) return id.PadLeft(SpanIdHexLength, '0');
        return id.Length < hexLength ? id.PadLeft(hexLength, '0') : id;
    }
}
