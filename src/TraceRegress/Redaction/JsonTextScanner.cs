namespace TraceRegress.Redaction;

/// <summary>
/// A light parse of JSON text that keeps only what redaction needs: where every string literal is,
/// whether it names a property, and which object member holds it. Nothing is re-serialised, so the
/// text outside the strings that hold secrets is kept byte for byte. Several top-level values in a
/// row (JSON Lines) are accepted. Nesting deeper than <see cref="MaxDepth"/> is an error, not a crash.
/// </summary>
internal static class JsonTextScanner
{
    public const int MaxDepth = 256;

    /// <summary>Parses the text, or throws <see cref="TraceFormatException"/> at the first problem.</summary>
    public static List<JsonNode> Parse(string text, string sourceName)
    {
        var values = new List<JsonNode>();
        var scanner = new State(text, sourceName);
        scanner.SkipWhitespace();
        if (scanner.AtEnd) throw scanner.Error("the file is empty: expected a JSON trace document");
        while (!scanner.AtEnd)
        {
            values.Add(scanner.ReadValue());
            scanner.SkipWhitespace();
        }

        return values;
    }

    /// <summary>Parses the text, or returns null when it is not JSON (for strings that may embed JSON).</summary>
    public static List<JsonNode>? TryParse(string text)
    {
        try
        {
            return Parse(text, "<string>");
        }
        catch (TraceFormatException)
        {
            return null;
        }
    }

    private sealed class State(string text, string sourceName)
    {
        private int _at;

        public bool AtEnd => _at >= text.Length;

        public void SkipWhitespace()
        {
            // A byte order mark decoded from the file is not content.
            while (_at < text.Length && (text[_at] is ' ' or '\t' or '\n' or '\r' or '\uFEFF')) _at++;
        }

        public TraceFormatException Error(string reason)
        {
            var line = 1;
            var lineStart = 0;
            var end = Math.Min(_at, text.Length);
            for (var i = 0; i < end; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            return new TraceFormatException(sourceName, line, end - lineStart + 1, reason);
        }

        // Containers are built with an explicit stack: the depth of the document never reaches the call stack.
        public JsonNode ReadValue()
        {
            var stack = new Stack<JsonNode>();
            JsonNode? finished = null;
            while (true)
            {
                SkipWhitespace();
                if (finished is null)
                {
                    if (AtEnd) throw Error("unexpected end of the document: expected a value");
                    var c = text[_at];
                    if (c is '{' or '[')
                    {
                        if (stack.Count >= MaxDepth) throw Error($"the document nests deeper than {MaxDepth} levels");
                        _at++;
                        var container = new JsonNode(c == '{' ? JsonNodeKind.Object : JsonNodeKind.Array, _at - 1, 0);
                        stack.Push(container);
                        SkipWhitespace();
                        if (!AtEnd && text[_at] == (c == '{' ? '}' : ']'))
                        {
                            _at++;
                            finished = stack.Pop();
                            continue;
                        }

                        if (c == '{') ReadPropertyName(container);
                        continue;
                    }

                    finished = c == '"' ? ReadString() : ReadScalar();
                    continue;
                }

                if (stack.Count == 0) return finished;
                var parent = stack.Peek();
                parent.Children.Add(finished);
                finished = null;
                SkipWhitespace();
                if (AtEnd) throw Error("unexpected end of the document: expected ',' or a closing bracket");
                var next = text[_at];
                if (next == ',')
                {
                    _at++;
                    if (parent.Kind == JsonNodeKind.Object) ReadPropertyName(parent);
                    continue;
                }

                if ((parent.Kind == JsonNodeKind.Object && next == '}') || (parent.Kind == JsonNodeKind.Array && next == ']'))
                {
                    _at++;
                    finished = stack.Pop();
                    continue;
                }

                throw Error(parent.Kind == JsonNodeKind.Object ? "expected ',' or '}'" : "expected ',' or ']'");
            }
        }

        private void ReadPropertyName(JsonNode container)
        {
            SkipWhitespace();
            if (AtEnd || text[_at] != '"') throw Error("expected a property name in quotes");
            container.Names.Add(ReadString());
            SkipWhitespace();
            if (AtEnd || text[_at] != ':') throw Error("expected ':' after a property name");
            _at++;
        }

        private JsonNode ReadString()
        {
            var start = ++_at;
            while (_at < text.Length)
            {
                var c = text[_at];
                if (c == '"') return new JsonNode(JsonNodeKind.String, start, _at++ - start);
                if (c == '\\') _at++;
                else if (c < ' ') throw Error("control character in a string");
                _at++;
            }

            throw Error("unterminated string");
        }

        private JsonNode ReadScalar()
        {
            var start = _at;
            while (_at < text.Length && text[_at] is not (',' or '}' or ']' or ' ' or '\t' or '\n' or '\r')) _at++;
            var token = text.AsSpan(start, _at - start);
            if (token.Length == 0) throw Error("expected a value");
            if (token is not ("true" or "false" or "null") && !double.TryParse(token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                _at = start;
                throw Error($"expected a value, found '{token[..Math.Min(token.Length, 20)]}'");
            }

            return new JsonNode(JsonNodeKind.Other, start, token.Length);
        }
    }
}

/// <summary>What a <see cref="JsonNode"/> is.</summary>
internal enum JsonNodeKind
{
    Object,
    Array,
    String,
    Other,
}

/// <summary>One JSON value; for strings, the position and length of the content between the quotes.</summary>
internal sealed class JsonNode(JsonNodeKind kind, int start, int length)
{
    public JsonNodeKind Kind { get; } = kind;

    public int Start { get; } = start;

    public int Length { get; } = length;

    /// <summary>Member values of an object or items of an array, in document order.</summary>
    public List<JsonNode> Children => _children ??= [];

    /// <summary>Member names of an object (string nodes), parallel to <see cref="Children"/>.</summary>
    public List<JsonNode> Names => _names ??= [];

    // Most nodes are strings and numbers: their lists are never made.
    private List<JsonNode>? _children;
    private List<JsonNode>? _names;
}
