using System.Text.Json;
using TraceRegress.GenAi;

namespace TraceRegress.Engine;

/// <summary>An option a model call picked out of a tool's list: the list's result, the option's record and where the call named it.</summary>
/// <param name="Result">The tool result holding the list.</param>
/// <param name="Options">Every option of the list.</param>
/// <param name="Index">The picked option's place in the list.</param>
/// <param name="Name">The value that names it (a flight number, a hotel's name), as the call wrote it.</param>
internal sealed record PickedOption(SourcedText Result, IReadOnlyList<JsonElement> Options, int Index, string Name)
{
    public JsonElement Picked => Options[Index];
}

/// <summary>
/// The options a model call picked from the lists tools handed it: a tool result (already parsed, <see
/// cref="SourcedText.Json"/>) holding a list of two or more records, one of which the call names in its answer or in
/// the arguments of the call it makes next (<c>book_flight {"flight": "AA 2390"}</c>). An option is named by a text
/// value no other option of the list shares; when the call names several, the first it names is the one it picked.
/// </summary>
internal sealed class PickedOptions
{
    private readonly TraceView _view;
    private readonly Dictionary<GenAiSpan, List<ToolCall>> _read = [];
    private readonly Dictionary<GenAiSpan, List<PickedOption>> _picked = [];

    // The lists a call was handed by an earlier call of its loop that only asked for more tools: read by the call that
    // check_party_availability's result went to, which asked get_party_food_options and nothing else, then picked from by
    // the call that read the food options and booked.
    private readonly Dictionary<GenAiSpan, List<(GenAiSpan Reader, ToolCall Call)>> _carried = [];

    /// <summary>Which model call read which tool results, found once; what each picked is read when first asked for.</summary>
    public PickedOptions(TraceView view)
    {
        _view = view;
        var nextReader = new Dictionary<GenAiSpan, GenAiSpan>();
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.Result is null || view.ModelCallReading(call) is not { } caller) continue;
            if (!_read.TryGetValue(caller, out var list)) _read[caller] = list = [];
            list.Add(call);
            // The first call that reads what a call asked for is the one that asked next.
            if (call.RequestedBy is { } asker && asker != caller) nextReader.TryAdd(asker, caller);
        }

        // A reader that wrote no text and asked for tools hands what it read (and was handed) to the call that reads those
        // tools' results: the first pick from a list may come a call later. Readers in causal order, so a list goes on.
        foreach (var reader in _read.Keys.OrderBy(r => view.Rank(r.Span)).ToList())
        {
            if (reader.OutputText.Length > 0 || !nextReader.TryGetValue(reader, out var next)) continue;
            if (!_carried.TryGetValue(next, out var carried)) _carried[next] = carried = [];
            foreach (var call in _read[reader]) carried.Add((reader, call));
            if (_carried.TryGetValue(reader, out var before)) carried.AddRange(before);
        }
    }

    /// <summary>The model calls that read a tool's result.</summary>
    public IEnumerable<GenAiSpan> Readers => _read.Keys;

    /// <summary>What <paramref name="caller"/> picked out of the lists it read; empty when it picked nothing.</summary>
    public IReadOnlyList<PickedOption> By(GenAiSpan caller)
    {
        if (_picked.TryGetValue(caller, out var picks)) return picks;
        picks = [];
        if (_read.TryGetValue(caller, out var calls))
        {
            foreach (var call in calls)
            {
                if (Of(call, caller) is { } pick) picks.Add(pick);
            }
        }

        // A list handed on, when the call that read it picked nothing from it.
        if (_carried.TryGetValue(caller, out var carried))
        {
            foreach (var (reader, call) in carried)
            {
                if (By(reader).Any(p => ReferenceEquals(p.Result, call.Result)) || Of(call, caller) is not { } pick) continue;
                picks.Add(pick);
            }
        }

        _picked[caller] = picks;
        return picks;
    }

    /// <summary>The option <paramref name="caller"/> picked from <paramref name="call"/>'s result; null when the result is no list of records or the call named none.</summary>
    private static PickedOption? Of(ToolCall call, GenAiSpan caller)
    {
        // A list of records: "[{" somewhere in the text, before it is read as JSON.
        if (call.Result is not { } result || !ListOfRecords(result.Text) || result.Json is not { } json) return null;
        if (List(json) is not { } options) return null;
        var said = Said(caller);
        if (said.Length == 0) return null;
        var best = -1;
        var bestAt = int.MaxValue;
        string? name = null;
        for (var k = 0; k < options.Count; k++)
        {
            foreach (var p in options[k].EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: >= 3 } value || !value.Any(char.IsLetterOrDigit)) continue;
                var at = said.IndexOf(value, StringComparison.Ordinal);
                if (at < 0 || at >= bestAt || Shared(options, k, value)) continue;
                (best, bestAt, name) = (k, at, value);
            }
        }

        return best < 0 ? null : new PickedOption(result, options, best, name!);
    }

    private static bool ListOfRecords(string text)
    {
        for (var at = text.IndexOf('[', StringComparison.Ordinal); at >= 0 && at + 1 < text.Length; at = text.IndexOf('[', at + 1))
        {
            var next = at + 1;
            while (next < text.Length && char.IsWhiteSpace(text[next])) next++;
            if (next < text.Length && text[next] == '{') return true;
        }

        return false;
    }

    // The first list of two or more records: the result itself, or a property of it (one level down, then two).
    private static List<JsonElement>? List(JsonElement json)
    {
        if (Records(json) is { } direct) return direct;
        if (json.ValueKind != JsonValueKind.Object) return null;
        foreach (var p in json.EnumerateObject())
        {
            if (Records(p.Value) is { } list) return list;
        }

        foreach (var p in json.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Object) continue;
            foreach (var q in p.Value.EnumerateObject())
            {
                if (Records(q.Value) is { } list) return list;
            }
        }

        return null;
    }

    private static List<JsonElement>? Records(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() < 2) return null;
        var list = new List<JsonElement>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) return null;
            list.Add(item);
        }

        return list;
    }

    private static bool Shared(List<JsonElement> options, int k, string value)
    {
        for (var o = 0; o < options.Count; o++)
        {
            if (o == k) continue;
            foreach (var p in options[o].EnumerateObject())
            {
                // Another option's value that holds this one ("Oriente" in "Tivoli Oriente") does not tell them apart.
                if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { } other && other.Contains(value, StringComparison.Ordinal)) return true;
            }
        }

        return false;
    }

    // What the call said: its answer's text, then the arguments of the calls it asked for.
    private static string Said(GenAiSpan caller)
    {
        var text = caller.OutputText;
        foreach (var part in caller.OutputParts)
        {
            if (part.Kind == PartKind.ToolCall && part.Arguments is { Length: > 0 } args) text = text.Length == 0 ? args : text + "\n" + args;
        }

        return text;
    }

    /// <summary>The text a model call wrote where it names what it picked: its answer, else the arguments of its calls.</summary>
    public static (string Text, string Source)? Naming(GenAiSpan caller, string name)
    {
        foreach (var m in caller.OutputMessages)
        {
            foreach (var part in m.Parts)
            {
                if (part.Body.Contains(name, StringComparison.Ordinal)) return (part.Body, part.Source);
            }
        }

        return null;
    }
}
