using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TraceRegress.Judge.Recording;

/// <summary>One answer of the model as received (after redaction), with what the client reported it cost.</summary>
internal sealed record RecordedAnswer(string Response, long? InputTokens, long? OutputTokens, decimal? Cost)
{
    public JudgeUsage Usage => new(InputTokens, OutputTokens, Cost);
}

/// <summary>
/// A judge verdict recorded beside its trace as <c>&lt;trace&gt;.judge.json</c>: the request it answered
/// (<see cref="RequestFingerprint"/>), the path the hybrid routing took, every answer of the model as
/// received with its token counts and cost, and a seal: the hash of all of it, so a recording edited by hand
/// is told apart from one the model gave. Written with a fixed property order, indented, LF line endings:
/// the same verdict gives the same bytes.
/// </summary>
internal sealed record JudgeRecording(string TraceFile, string TraceId, RequestFingerprint Request, string Route, IReadOnlyList<RecordedAnswer> Answers, string Outcome)
{
    public const string Format = "traceregress-judge/1";
    public const string Suffix = ".judge.json";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The recording beside a trace file: <c>refund.json</c> → <c>refund.judge.json</c>.</summary>
    public static string PathFor(string tracePath)
    {
        var stem = Path.Combine(Path.GetDirectoryName(tracePath) ?? "", Path.GetFileNameWithoutExtension(tracePath));
        return stem + Suffix;
    }

    /// <summary>True for a <c>.judge.json</c> file: a recording, never a trace.</summary>
    public static bool IsRecording(string path) => path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    public JudgeUsage Usage => Answers.Aggregate(JudgeUsage.None, (sum, a) => sum.Add(a.Usage));

    public string ToJson() => Serialize(withSeal: true);

    public void Write(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        // Written beside the target and renamed over it: a reader sees the old recording or the new, never half of one.
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, ToJson(), Utf8NoBom);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Reads a recording and checks its seal.</summary>
    /// <exception cref="JudgeRecordingException">The file is not a recording, or its seal does not match (edited by hand).</exception>
    public static JudgeRecording Read(string path, string recordCommand)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (IOException e)
        {
            throw new JudgeRecordingException(path, $"{path}: the recording cannot be read ({e.Message}).", e);
        }

        JudgeRecording recording;
        string? seal;
        try
        {
            using var document = JsonDocument.Parse(text);
            (recording, seal) = Parse(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            var reason = e is JsonException json
                ? $"not valid JSON at line {(json.LineNumber ?? 0) + 1}, column {(json.BytePositionInLine ?? 0) + 1}"
                : e.Message;
            throw new JudgeRecordingException(path,
                $"{path}: this is not a judge recording the engine wrote ({reason}); it was edited by hand or damaged. Delete it and record it again: {recordCommand}", e);
        }

        if (seal is null || !string.Equals(seal, recording.Seal(), StringComparison.Ordinal))
        {
            throw new JudgeRecordingException(path,
                $"{path}: the recording was edited by hand (its seal does not match its content). A recording holds the model's answers as received; "
                + $"to change a verdict, record it again: {recordCommand}");
        }

        return recording;
    }

    private string Seal() => RequestFingerprint.Sha256(Serialize(withSeal: false));

    private string Serialize(bool withSeal)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteString("trace", TraceFile);
            writer.WriteString("traceId", TraceId);
            writer.WriteStartObject("request");
            writer.WriteString("hash", Request.Hash);
            writer.WriteString("promptVersion", Request.PromptVersion);
            writer.WriteString("model", Request.Model);
            writer.WriteString("taxonomy", Request.TaxonomyName);
            writer.WriteString("taxonomyHash", Request.TaxonomyHash);
            writer.WriteString("traceHash", Request.TraceHash);
            writer.WriteString("promptHash", Request.PromptHash);
            writer.WriteEndObject();
            writer.WriteString("route", Route);
            writer.WriteStartArray("answers");
            foreach (var answer in Answers)
            {
                writer.WriteStartObject();
                writer.WriteString("response", answer.Response);
                WriteUsage(writer, answer.Usage);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("outcome", Outcome);
            writer.WriteStartObject("usage");
            WriteUsage(writer, Usage);
            writer.WriteEndObject();
            if (withSeal) writer.WriteString("seal", Seal());
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void WriteUsage(Utf8JsonWriter writer, JudgeUsage usage)
    {
        if (usage.InputTokens is { } input) writer.WriteNumber("inputTokens", input);
        if (usage.OutputTokens is { } output) writer.WriteNumber("outputTokens", output);
        if (usage.Cost is { } cost) writer.WriteNumber("cost", cost);
    }

    private static (JudgeRecording Recording, string? Seal) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("expected a JSON object");
        var format = String(root, "format");
        if (format != Format) throw new FormatException($"\"format\" is '{format}', expected '{Format}'");
        var request = root.GetProperty("request");
        var fingerprint = new RequestFingerprint(
            String(request, "promptVersion"), String(request, "model"), String(request, "taxonomy"),
            String(request, "taxonomyHash"), String(request, "traceHash"), String(request, "promptHash"));
        var answers = new List<RecordedAnswer>();
        foreach (var answer in root.GetProperty("answers").EnumerateArray())
        {
            answers.Add(new RecordedAnswer(
                String(answer, "response"),
                answer.TryGetProperty("inputTokens", out var i) ? i.GetInt64() : null,
                answer.TryGetProperty("outputTokens", out var o) ? o.GetInt64() : null,
                answer.TryGetProperty("cost", out var c) ? c.GetDecimal() : null));
        }

        var recording = new JudgeRecording(String(root, "trace"), String(root, "traceId"), fingerprint, String(root, "route"), answers, String(root, "outcome"));
        if (String(request, "hash") != fingerprint.Hash) throw new FormatException("the request hash does not match the request");
        var seal = root.TryGetProperty("seal", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return (recording, seal);
    }

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"\"{name}\" is missing or not a string");
}
