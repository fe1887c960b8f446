using TraceRegress.GenAi;

namespace TraceRegress.Engine;

/// <summary>Which tool definitions applied to a tool call: those of the model call that issued it, else of the nearest one that declares tools.</summary>
internal static partial class ToolDeclarations
{
    // A plugin's functions listed after its name: " (get_survey_slots, book_survey)", ": GetOrder, CancelOrder", " functions:
    // get_enquiry, place_provisional_hold (free, 7 days), confirm_booking" (a note in brackets after a function is skipped).
    // Each is an identifier a tool is named with (an underscore or an inner capital), so a plain word list is not read as one.
    [System.Text.RegularExpressions.GeneratedRegex(@"\G(?: plugin| functions| tools)?(?: ?\(|: )(?<function>[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Za-z][a-z0-9]+(?:[A-Z][a-z0-9]+)+)(?: \([^()\n]{0,60}\))?(?:, ?(?:and )?(?<function>[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Za-z][a-z0-9]+(?:[A-Z][a-z0-9]+)+)(?: \([^()\n]{0,60}\))?)*", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex PluginFunctions();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:call|calling|use|using|invoke|run)\s+(?:the\s+)?`?(?<tool>[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+(?:[A-Z][a-z0-9]+)+)\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex CalledByName();

    private const int SiblingLookBack = 64;

    /// <summary>The declaring span and its definitions; null when no definitions are known for the call.</summary>
    public static GenAiSpan? DeclaringSpan(TraceView view, ToolCall call)
    {
        if (call.RequestedBy is { ToolDefinitionsKnown: true } requested) return requested;
        if (call.SeenInHistoryOf is { ToolDefinitionsKnown: true } history) return history;
        var origin = call.OriginSpan;
        if (origin is null) return null;

        // An earlier model call among the origin's preceding siblings, then the ancestors (an agent span may declare its tools).
        for (var span = origin; span is not null; span = span.Parent)
        {
            if (view[span].ToolDefinitionsKnown) return view[span];
            var siblings = span.Parent?.Children ?? view.Trace.Roots;
            var at = view.SiblingPosition(span);
            for (var i = at - 1; i >= 0 && at - i <= SiblingLookBack; i--)
            {
                var g = view[siblings[i]];
                if (g.IsModelCall && g.ToolDefinitionsKnown) return g;
            }
        }

        return null;
    }

    public static ToolDefinition? Definition(GenAiSpan declaring, string name) =>
        declaring.ToolDefinitions.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The tools the call was given: its recorded definitions; where none are recorded (Semantic Kernel records none), the
    /// tools its instructions name in the form of the tools that ran (<c>Pharmacy-SubmitRefill</c> beside a called
    /// <c>Pharmacy-GetPrescription</c>: a plugin's functions).
    /// </summary>
    public static IEnumerable<string> Offered(TraceView view, GenAiSpan g) => Offered(g, g.ToolDefinitionsKnown ? [] : PluginPrefixes(view));

    /// <summary>The plugin prefixes of the tools that ran (<c>Pharmacy-</c> of <c>Pharmacy-GetPrescription</c>).</summary>
    public static HashSet<string> PluginPrefixes(TraceView view)
    {
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var call in view.ToolCalls.Calls)
        {
            var cut = call.Name.IndexOfAny(['-', '.']);
            if (cut > 1 && cut < call.Name.Length - 1) prefixes.Add(call.Name[..(cut + 1)]);
        }

        return prefixes;
    }

    /// <summary>As <see cref="Offered(TraceView, GenAiSpan)"/>, with the run's plugin prefixes found once.</summary>
    public static IEnumerable<string> Offered(GenAiSpan g, HashSet<string> prefixes)
    {
        if (g.ToolDefinitionsKnown) return g.ToolDefinitions.Select(t => t.Name);
        // Read in one pass over the instructions: the tools they tell the model to call by name ("you must call
        // create_listing", "Use get_seller_tickets to ..."), an identifier with an underscore or an inner capital after a
        // verb of calling; then, in a run whose tools carry a plugin's prefix, the tools named with that prefix and the
        // functions listed after the plugin's name ("Survey (get_survey_slots, book_survey)").
        var named = new List<string>();
        List<string>? prefixed = null;
        foreach (var message in g.InputMessages)
        {
            if (message.Role is not ("system" or "developer")) continue;
            foreach (var part in message.Parts)
            {
                if (part.Content is not { } text) continue;
                foreach (System.Text.RegularExpressions.Match m in CalledByName().Matches(text))
                {
                    if (!named.Contains(m.Groups["tool"].Value)) named.Add(m.Groups["tool"].Value);
                }

                foreach (var prefix in prefixes)
                {
                    prefixed ??= [];
                    for (var at = text.IndexOf(prefix, StringComparison.Ordinal); at >= 0; at = text.IndexOf(prefix, at + 1, StringComparison.Ordinal))
                    {
                        if (at > 0 && char.IsLetterOrDigit(text[at - 1])) continue;
                        var end = at + prefix.Length;
                        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) end++;
                        if (end > at + prefix.Length) prefixed.Add(text[at..end]);
                    }

                    var plugin = prefix[..^1];
                    for (var at = text.IndexOf(plugin, StringComparison.Ordinal); at >= 0; at = text.IndexOf(plugin, at + 1, StringComparison.Ordinal))
                    {
                        var end = at + plugin.Length;
                        if ((at > 0 && char.IsLetterOrDigit(text[at - 1])) || end >= text.Length || char.IsLetterOrDigit(text[end]) || text[end] == '-') continue;
                        var m = PluginFunctions().Match(text, end);
                        if (!m.Success || m.Index != end) continue;
                        foreach (System.Text.RegularExpressions.Capture function in m.Groups["function"].Captures)
                        {
                            var name = prefix + function.Value;
                            if (!named.Contains(name) && !prefixed.Contains(name)) prefixed.Add(name);
                        }
                    }
                }
            }
        }

        if (prefixed is not null) named.AddRange(prefixed);
        return named;
    }

    /// <summary>Where the call was given the tool: its definition, or the instruction that names it.</summary>
    public static string OfferedAt(GenAiSpan g, string name)
    {
        if (Definition(g, name) is { } d) return d.Source;
        foreach (var message in g.InputMessages)
        {
            if (message.Role is not ("system" or "developer")) continue;
            foreach (var part in message.Parts)
            {
                if (part.Content is { } text && (text.Contains(name, StringComparison.Ordinal)
                                                 || (name.IndexOf('-', StringComparison.Ordinal) is > 0 and var cut && text.Contains(name[(cut + 1)..], StringComparison.Ordinal))))
                {
                    return part.Source;
                }
            }
        }

        return "tools";
    }

    /// <summary>
    /// Evidence that the call was given the tool: where (<see cref="OfferedAt"/>), quoting the name as written there (a
    /// plugin's function listed without its prefix is quoted without it).
    /// </summary>
    public static Evidence Offering(GenAiSpan g, string name)
    {
        var source = OfferedAt(g, name);
        if (Definition(g, name) is not null || name.IndexOf('-', StringComparison.Ordinal) is not (> 0 and var cut)) return new Evidence(g.Span.SpanId, source, name);
        foreach (var message in g.InputMessages)
        {
            foreach (var part in message.Parts)
            {
                if (part.Source == source && part.Content is { } text && !text.Contains(name, StringComparison.Ordinal)) return new Evidence(g.Span.SpanId, source, name[(cut + 1)..]);
            }
        }

        return new Evidence(g.Span.SpanId, source, name);
    }

    /// <summary>The model call that chose the tool: the one that asked for it, else the last model call before the tool ran.</summary>
    public static GenAiSpan? Chooser(TraceView view, ToolCall call)
    {
        if (call.RequestedBy is { } requested) return requested;
        if (call.OriginSpan is not { } origin) return null;
        var rank = view.Rank(origin);
        GenAiSpan? last = null;
        foreach (var g in view.Spans)
        {
            if (g.IsModelCall && view.Rank(g.Span) < rank && (last is null || view.Rank(g.Span) > view.Rank(last.Span))) last = g;
        }

        return last;
    }
}
