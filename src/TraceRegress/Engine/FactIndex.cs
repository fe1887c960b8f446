using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine;

/// <summary>A fact stated by a span, where, and whether anything upstream supports it.</summary>
/// <param name="Fact">The fact.</param>
/// <param name="Source">Where in the span it was read.</param>
/// <param name="Supported">True when it, an equivalent form, or a number computed from upstream numbers was upstream.</param>
/// <param name="Conflict">For an unsupported number, the latest upstream number of the same kind (currency, unit, percent) it may have replaced.</param>
internal sealed record StatedFact(Fact Fact, string Source, bool Supported, UpstreamFact? Conflict);

/// <summary>A fact as first (or last) seen upstream: the span and where in it.</summary>
internal sealed record UpstreamFact(Span Span, string Source, Fact Fact);

/// <summary>
/// Every fact of a trace, found once: each distinct text is scanned once (a conversation history repeated in every
/// later call is the same strings, recognised by hash and not scanned again), in causal order. For each span it says
/// which facts of its output were supported by what came before it: the task and system instructions, its ancestors'
/// inputs, every span that completed before it (earlier turns of any agent, tool results, retrieved documents).
/// Numbers match across written forms and rounding; numbers computed from upstream numbers (sums, differences,
/// ratios, percentages, unit conversions) count as supported when the arithmetic checks. Shared by the detectors and
/// by root-cause ordering.
/// </summary>
internal sealed partial class FactIndex
{
    private const int RecentNumbers = 24;
    private const int MaxTextsPerNumber = 8;
    // Conversions: scales and time units (thousands, percent, minutes, hours, days, months, weeks, years) between any two
    // compatible numbers; the factors from the first UnitFactorsFrom on (pounds, miles, feet, inches, gallons, Fahrenheit
    // degrees) only between two different units of measure, never for a bare count or an amount of money. And small
    // counts (two adults, three nights) that multiply a price.
    private static readonly decimal[] Conversions = [1000m, 100m, 60m, 24m, 12m, 7m, 365m, 2.20462m, 1.60934m, 0.3048m, 3.28084m, 2.54m, 0.453592m, 3.78541m, 1.8m];
    private const int UnitFactorsFrom = 7;
    private static readonly decimal[] Counts = [2m, 3m, 4m, 5m, 6m, 8m, 10m];
    private static readonly double[] ConversionsD = Array.ConvertAll(Conversions, c => (double)c);
    private static readonly double[] CountsD = Array.ConvertAll(Counts, c => (double)c);

    // Far below decimal's largest value (7.9e28): a double under this cannot stand for a decimal computation that overflows.
    private const double SafeMagnitude = 1e26;

    // Each distinct text gets an id the first time it is seen (one hash of the text per occurrence, once): the walk, the
    // judging and the causal graph then compare ids instead of hashing the same long strings again.
    private readonly Dictionary<string, int> _idOf = new(StringComparer.Ordinal);
    private readonly List<List<Fact>?> _factsById = [];
    private readonly List<string> _textById = [];
    private readonly List<SpanText>[] _texts;
    private readonly int[][] _textIds;
    private readonly List<StatedFact>?[] _stated;
    private readonly (List<SpanText> Sentences, List<StatedFact> Stated)?[] _statedInArguments;
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:next|this|last|coming|upcoming)\s+(?:fall|autumn|spring|summer|winter|semester|term|year|quarter|month)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex RelativeTime();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:the day after tomorrow|day after tomorrow|tomorrow|today|tonight|yesterday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex RelativeDayWord();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex MonthName();

    // A month named with its year: "March 2023", "Sept. 2024".
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?\s+(?<y>(?:19|20)\d{2})\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex MonthAndYear();

    // How a text points at the last digits of a longer number: "ending 0482", "ends in 17", "last four digits 5521", "****5521".
    [System.Text.RegularExpressions.GeneratedRegex(@"(?:\bending(?:\s+(?:in|with))?|\bends\s+(?:in|with)|\blast\s+(?:\d|two|three|four|five|six)\s+digits(?:\s+(?:are|of))?|[*•xX]{2,})[\s:]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex PointsAtTail();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:\bround(?:ed|s|ing)?(?: (?:up|down|off))?(?: to(?: the nearest [a-z]+)?)?|≈|~|\bso about|\bcall it)\s*(?:is|=|:)?\s*[$£€]?\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex RoundedBefore();

    private readonly Dictionary<string, UpstreamFact> _first = new(StringComparer.Ordinal);
    // The same for numbers, by key and dimension: "$10" is not first seen in "10 days".
    private readonly Dictionary<(string Key, string Dimension), UpstreamFact> _firstWithDimension = [];
    private readonly bool[] _hasUpstream;

    // The task's words, where a scale the answer is counted in is stated ("in millions").
    private readonly string _task;

    /// <param name="view">The trace's content view.</param>
    /// <param name="turns">The agent turns: only their outputs are judged (<see cref="StatedBy"/>); tool results and other
    /// spans' outputs are learned as upstream facts but nothing asks whether they were supported.</param>
    public FactIndex(TraceView view, AgentTurns turns)
    {
        var spans = view.Trace.Spans;
        _texts = new List<SpanText>[spans.Count];
        _stated = new List<StatedFact>?[spans.Count];
        _statedInArguments = new (List<SpanText>, List<StatedFact>)?[spans.Count];
        _hasUpstream = new bool[spans.Count];
        _textIds = new int[spans.Count][];
        _agents = new string?[spans.Count];
        _agentKnown = new bool[spans.Count];
        foreach (var g in view.Spans)
        {
            var texts = _texts[g.Span.Index] = SpanTexts.Of(g);
            var ids = _textIds[g.Span.Index] = new int[texts.Count];
            for (var i = 0; i < texts.Count; i++) ids[i] = IdOf(texts[i].Text);
        }

        _task = turns.Task?.Text ?? "";
        var walk = new Walk(this);
        var stack = new Stack<(Span Span, int Next)>();
        foreach (var root in view.Trace.Roots)
        {
            stack.Push((root, -1));
            while (stack.Count > 0)
            {
                var (span, next) = stack.Pop();
                if (next < 0)
                {
                    // Entering: what this span was given is upstream of everything inside it and after it.
                    var entering = _texts[span.Index];
                    for (var i = 0; i < entering.Count; i++)
                    {
                        if (!entering[i].IsOutput) walk.Learn(span, entering[i], _textIds[span.Index][i]);
                    }

                    stack.Push((span, 0));
                    continue;
                }

                if (next < span.Children.Count)
                {
                    stack.Push((span, next + 1));
                    stack.Push((span.Children[next], -1));
                    continue;
                }

                // Leaving: the children are done; judge what this span produced, then make it upstream.
                _hasUpstream[span.Index] = walk.LearnedAnything;
                var texts = _texts[span.Index];
                if (turns.TurnOf(span) is not null)
                {
                    var stated = walk.Judge(span, texts, _textIds[span.Index]);
                    if (stated.Count > 0) _stated[span.Index] = stated;
                }

                // What a model call wrote in sentences into its tool calls' arguments, judged on its own.
                if (view[span] is { IsModelCall: true } call && ProseArguments(call) is { Count: > 0 } prose)
                {
                    var stated = walk.Judge(span, prose, prose.Select(p => IdOf(p.Text)).ToArray());
                    if (stated.Count > 0) _statedInArguments[span.Index] = (prose, stated);
                }

                for (var i = 0; i < texts.Count; i++)
                {
                    if (texts[i].IsOutput) walk.Learn(span, texts[i], _textIds[span.Index][i]);
                }
            }
        }
    }

    /// <summary>The facts in a text; each distinct text is scanned once per trace.</summary>
    public List<Fact> FactsOf(string text) => FactsOf(IdOf(text));

    /// <summary>The facts of the text with the given id (<see cref="TextIdsOf"/>).</summary>
    public List<Fact> FactsOf(int id) => _factsById[id] ??= Extract(_textById[id]);

    /// <summary>The id of a text: equal texts, equal ids.</summary>
    private int IdOf(string text)
    {
        ref var id = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_idOf, text, out var exists);
        if (!exists)
        {
            id = _textById.Count;
            _textById.Add(text);
            _factsById.Add(null);
        }

        return id;
    }

    /// <summary>How many distinct texts have ids.</summary>
    public int TextCount => _textById.Count;

    private readonly string?[] _agents;
    private readonly bool[] _agentKnown;

    /// <summary>The agent a span belongs to (its own or its nearest agent ancestor's name), read once per span.</summary>
    private string? AgentOf(Span span)
    {
        if (!_agentKnown[span.Index])
        {
            _agents[span.Index] = CitedSpan.AgentOf(span);
            _agentKnown[span.Index] = true;
        }

        return _agents[span.Index];
    }

    /// <summary>The ids of the span's texts, parallel to <see cref="TextsOf"/>.</summary>
    public IReadOnlyList<int> TextIdsOf(Span span) => _textIds[span.Index];

    // JSON with escapes ("\u20ac426.00" as System.Text.Json and Python write it) is read through its values, so the
    // facts are the ones a reader of the payload sees; their written forms are what the decoded strings say.
    private static List<Fact> Extract(string text)
    {
        var facts = Facts.Extract(text);
        // A browsing agent's report of where its screen is ("The viewport shows 20% of the webpage, and is positioned 27%
        // down from the top") says how much of the page it saw, nothing about the world.
        if (text.Contains("viewport", StringComparison.Ordinal))
        {
            foreach (System.Text.RegularExpressions.Match m in ViewportReport().Matches(text))
            {
                facts.RemoveAll(f => f.Index >= m.Index && f.Index < m.Index + m.Length);
            }
        }

        AddDeclaredScale(text, facts);
        if (!text.Contains('\\', StringComparison.Ordinal) || !JsonContent.TryParseStructured(text, out var root)) return facts;
        var decoded = new System.Text.StringBuilder();
        var stack = new Stack<System.Text.Json.JsonElement>();
        stack.Push(root);
        var nodes = 0;
        while (stack.Count > 0 && nodes++ < 4096)
        {
            var e = stack.Pop();
            switch (e.ValueKind)
            {
                case System.Text.Json.JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject()) stack.Push(p.Value);
                    break;
                case System.Text.Json.JsonValueKind.Array:
                    foreach (var i in e.EnumerateArray()) stack.Push(i);
                    break;
                case System.Text.Json.JsonValueKind.String:
                    decoded.Append(e.GetString()).Append('\n');
                    break;
            }
        }

        foreach (var f in Facts.Extract(decoded.ToString()))
        {
            if (!facts.Exists(x => x.Key == f.Key)) facts.Add(f);
        }

        return facts;
    }

    /// <summary>
    /// A table or record that declares the scale of its figures (<c>"unit": "millions"</c>, <c>"amounts_in": "USD
    /// thousands"</c>, "(in millions)") states each plain figure in it at that scale as well: 1302.5 in a table of USD
    /// millions is $1,302.5 million. Years and figures that carry a scale, unit or percent of their own are left as they are.
    /// </summary>
    private static void AddDeclaredScale(string text, List<Fact> facts)
    {
        if (facts.Count == 0 || DeclaredScale(text) is not { } scale) return;
        var count = facts.Count;
        for (var i = 0; i < count; i++)
        {
            var f = facts[i];
            if (f.Kind != FactKind.Number || f.Dimension.Length > 0 || !IsPlainFigure(f.Written)) continue;
            if (f.Value == decimal.Truncate(f.Value) && f.Value is >= 1900 and <= 2100) continue;
            decimal scaled;
            try
            {
                scaled = f.Value * scale;
            }
            catch (OverflowException)
            {
                continue;
            }

            facts.Add(f with { Key = "n:" + Facts.Canonical(scaled), Value = scaled, Precision = f.Precision * scale });
        }
    }

    private static bool IsPlainFigure(string written)
    {
        foreach (var c in written)
        {
            if (!char.IsAsciiDigit(c) && c is not ('.' or ',' or '-')) return false;
        }

        return true;
    }

    private static decimal? DeclaredScale(string text)
    {
        var m = ScaleDeclaration().Match(text);
        if (!m.Success) return null;
        return m.Groups["s"].Value.ToLowerInvariant() switch
        {
            "thousands" => 1_000m,
            "millions" => 1_000_000m,
            "billions" => 1_000_000_000m,
            _ => null,
        };
    }

    // A period a text states: "six months", "14 days", "2 weeks", "one year".
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[ -](?<unit>days?|weeks?|months?|years?)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex StatedPeriod();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b[Tt]he viewport shows \d+(?:\.\d+)?% of the (?:web)?page(?:, and is positioned (?:at the (?:top|bottom) of the page|\d+(?:\.\d+)?% down from the top of the page))?", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ViewportReport();

    [System.Text.RegularExpressions.GeneratedRegex(@"""(?:unit|units|scale|amounts?_in|figures_in|values_in|in)""\s*:\s*""(?:[A-Z]{3}\s+|[$€£]\s?)?(?<s>thousands|millions|billions)""|\((?:in\s+)?(?:[A-Z]{3}\s+|[$€£]\s?)?(?<s>thousands|millions|billions)\)|\b(?:amounts|figures|values)\s+(?:are\s+)?in\s+(?:[A-Z]{3}\s+)?(?<s>thousands|millions|billions)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ScaleDeclaration();

    /// <summary>The span's texts with their sources.</summary>
    public IReadOnlyList<SpanText> TextsOf(Span span) => _texts[span.Index];

    // A parameter that says what to look for ("query", "search_terms", "question") or what to run ("code", "sql"): its
    // words are a search or a program, not a claim.
    private static bool LooksFor(string parameter)
    {
        foreach (System.Text.RegularExpressions.Match m in NameWords.Word().Matches(parameter))
        {
            if (m.Value.ToLowerInvariant() is "q" or "query" or "queries" or "search" or "keyword" or "keywords" or "term" or "terms" or "question" or "prompt" or "filter" or "topic"
                or "code" or "script" or "sql" or "command" or "cmd" or "expression" or "program" or "source" or "python") return true;
        }

        return false;
    }

    // Six words or more, at least half of them plain lower-case words ("with", "reported", "garage:"), or ten or more with
    // a third of them plain: not an address ("Denver DC, 4900 Havana St"), a query in capitals or a list of codes.
    private static bool Sentence(string value)
    {
        // A program is no sentence: "import pandas as pd", "df.head(10)".
        if (value.Contains("import ", StringComparison.Ordinal) || (value.Contains('(', StringComparison.Ordinal) && value.Contains('=', StringComparison.Ordinal) && value.Contains('\n', StringComparison.Ordinal))) return false;
        int words = 0, plain = 0;
        foreach (var token in value.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            words++;
            if (char.IsAsciiLetterLower(token[0]) && token.TrimEnd('.', ',', ':', ';', '!', '?', ')').All(c => char.IsAsciiLetterLower(c) || c is '\'' or '-')) plain++;
        }

        // A message to a customer names much (a shop, a date, a person, a reference) between its plain words: a third of
        // them plain, in a text of ten words or more, is a sentence too.
        return words >= 6 && (plain * 2 >= words || (words >= 10 && plain * 3 >= words));
    }

    /// <summary>The facts of an agent turn's output, each judged against what was upstream of it; empty for other spans.</summary>
    public IReadOnlyList<StatedFact> StatedBy(Span span) => _stated[span.Index] ?? (IReadOnlyList<StatedFact>)[];

    /// <summary>
    /// What a model call wrote in sentences into its calls' arguments for someone to read (a quote's notes, an e-mail's
    /// body), judged against everything upstream of it as a turn's output is.
    /// </summary>
    public IReadOnlyList<StatedFact> StatedInArguments(Span span) => _statedInArguments[span.Index]?.Stated ?? (IReadOnlyList<StatedFact>)[];

    /// <summary>The sentences of a model call's tool-call arguments that <see cref="StatedInArguments"/> judged; empty when none stated a fact.</summary>
    public IReadOnlyList<SpanText> ArgumentSentences(Span span) => _statedInArguments[span.Index]?.Sentences ?? (IReadOnlyList<SpanText>)[];

    // The string values of a call's arguments that are sentences. Ids, codes, dates, search terms, addresses, queries and
    // short labels are the model's choices of what to send; a sentence is what it tells whoever reads the record.
    private static List<SpanText>? ProseArguments(GenAiSpan call)
    {
        List<SpanText>? prose = null;
        foreach (var part in call.OutputParts)
        {
            if (part.Kind != PartKind.ToolCall || part.Arguments is not { Length: > 30 } args || !args.Contains(' ', StringComparison.Ordinal)) continue;
            if (!JsonContent.TryParseStructured(args, out var root) || root.ValueKind != System.Text.Json.JsonValueKind.Object) continue;
            foreach (var p in root.EnumerateObject())
            {
                if (p.Value.ValueKind != System.Text.Json.JsonValueKind.String || p.Value.GetString() is not { Length: >= 30 } value || LooksFor(p.Name)) continue;
                if (Sentence(value)) (prose ??= []).Add(new SpanText(value, part.Source, true));
            }
        }

        return prose;
    }

    /// <summary>True when any text was upstream of the span's output (its own input, an ancestor's, an earlier span's).</summary>
    public bool HasUpstream(Span span) => _hasUpstream[span.Index];

    /// <summary>Where a fact (by key) was first seen in causal order; null when nowhere.</summary>
    public UpstreamFact? FirstSeen(string key) => _first.GetValueOrDefault(key);

    /// <summary>
    /// Where a bare figure (<c>33.7</c>) was first written with a scale word (<c>33.7 billion</c>): the same digits,
    /// a thousand, million, billion or trillion times the value. Null for a figure with a unit or scale of its own.
    /// </summary>
    public UpstreamFact? FirstScaled(Fact fact)
    {
        if (fact.Kind != FactKind.Number || fact.Dimension.Length > 0 || fact.Value <= 0 || fact.Value >= 1_000_000m) return null;
        foreach (var scale in (ReadOnlySpan<decimal>)[1_000m, 1_000_000m, 1_000_000_000m, 1_000_000_000_000m])
        {
            // The same digits, then a scale word ("33.7 billion", "33.7bn"), not more digits ("3,000" is no "3").
            if (_first.TryGetValue("n:" + Facts.Canonical(fact.Value * scale), out var scaled) && scaled.Fact.Written.StartsWith(fact.Written, StringComparison.Ordinal)
                && scaled.Fact.Written.Length > fact.Written.Length && (char.IsWhiteSpace(scaled.Fact.Written[fact.Written.Length]) || char.IsLetter(scaled.Fact.Written[fact.Written.Length])))
            {
                return scaled;
            }
        }

        return null;
    }

    /// <summary>
    /// Where a figure written with a scale word (<c>487.3 million</c>) was first given bare (<c>487.3</c>, no unit of its
    /// own): a script's printout of a column counted in millions. Null for a figure without a scale word.
    /// </summary>
    public UpstreamFact? FirstBare(Fact fact)
    {
        if (fact.Kind != FactKind.Number || fact.Reference || fact.Value == 0 || ScaleWord().Match(fact.Written) is not { Success: true } m) return null;
        var bare = fact.Value / ScaleOf(m.Value);
        return _firstWithDimension.GetValueOrDefault(("n:" + Facts.Canonical(bare), ""));
    }

    /// <summary>The factor a figure's scale word stands for ("237 million": a million); null when it has none.</summary>
    public static decimal? ScaleFactor(string written) => ScaleWord().Match(written) is { Success: true } m ? ScaleOf(m.Value) : null;

    // The factor a scale word stands for: thousand, million ("mn"), billion ("bn"), trillion.
    private static decimal ScaleOf(string word) => char.ToLowerInvariant(word[0]) switch
    {
        't' when word.Length > 2 && char.ToLowerInvariant(word[1]) == 'h' => 1_000m,
        't' => 1_000_000_000_000m,
        'm' => 1_000_000m,
        _ => 1_000_000_000m,
    };

    /// <summary>
    /// Where a fact was first seen in causal order: where its key was, unless that was a number in another dimension (a
    /// price of <c>$10</c> is not first seen in "10 days", but in the first $10, or the first bare 10). Null when nowhere.
    /// </summary>
    public UpstreamFact? FirstSeen(Fact fact)
    {
        var first = FirstSeen(fact.Key);
        if (first is null || fact.Kind != FactKind.Number || fact.Dimension.Length == 0 || first.Fact.Dimension.Length == 0 || first.Fact.Dimension == fact.Dimension) return first;
        return _firstWithDimension.GetValueOrDefault((fact.Key, fact.Dimension)) ?? _firstWithDimension.GetValueOrDefault((fact.Key, "")) ?? first;
    }

    /// <summary>True when the text states the fact (or an equivalent form of it).</summary>
    public bool States(string text, Fact fact)
    {
        foreach (var f in FactsOf(text))
        {
            if (f.Key == fact.Key) return true;
            if (fact.Kind == FactKind.Number && f.Kind == FactKind.Number && Math.Abs(f.Value - fact.Value) <= Math.Max(f.Precision, fact.Precision) && fact.Value != 0
                && Math.Abs(f.Value - fact.Value) < Math.Abs(fact.Value) * 0.05m) return true;
        }

        return false;
    }

    // A scale word after a figure: "thousand", "million", "billion", "trillion", "bn", "mn".
    // A day range written from the first of the month, its last day following with the month ("1-29 February 2024", "1 to 31 March").
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\d.,])1(?:st)?\s*(?:-|–|to|until|through)\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex FromTheFirst();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:thousand|million|billion|trillion|bn|mn)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ScaleWord();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\d.,])(?<first>1[0-9]{3}|20[0-9]{2})\s*(?:-|–|to|through|thru|until)\s*(?<last>1[0-9]{3}|20[0-9]{2})(?![\d.,]\d)", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex YearSpan();

    private sealed class Walk(FactIndex index)
    {
        private readonly HashSet<string> _known = new(StringComparer.Ordinal);
        private readonly List<bool> _learned = [];
        private int _learnedCount;
        private readonly HashSet<string> _words = new(StringComparer.Ordinal);
        private readonly List<string> _wordTexts = [];
        private int _wordsRead;
        private Func<string, bool>? _knows;
        private readonly SortedSet<decimal> _values = [];
        private readonly Ring _recent = new(RecentNumbers);
        private readonly HashSet<int> _given = [];
        private Span? _givenTo;
        private string? _agent;
        private readonly HashSet<string> _derived = new(StringComparer.Ordinal);
        private readonly Dictionary<string, UpstreamFact> _lastByDimension = new(StringComparer.Ordinal);

        public bool LearnedAnything => _learnedCount > 0;

        private bool IsLearned(int id) => id < _learned.Count && _learned[id];

        public void Learn(Span span, SpanText text, int id)
        {
            var first = !IsLearned(id);
            if (first)
            {
                while (_learned.Count <= id) _learned.Add(false);
                _learned[id] = true;
                _learnedCount++;
            }

            if (first)
            {
                Facts.AddGroupedDigits(index._textById[id], _known);
                Facts.AddEmbeddedYears(index._textById[id], _known);
                Facts.AddQuarters(index._textById[id], _known);
            }
            foreach (var fact in index.FactsOf(id))
            {
                if (!index._first.ContainsKey(fact.Key)) index._first.Add(fact.Key, new UpstreamFact(span, text.Source, fact));
                if (fact.Kind == FactKind.Number) index._firstWithDimension.TryAdd((fact.Key, fact.Dimension), new UpstreamFact(span, text.Source, fact));
                if (!first) continue;
                _known.Add(fact.Key);
                if (fact.Kind == FactKind.Date && fact.Key.Length >= 6) _known.Add("n:" + fact.Key[2..6]);
                if (fact.Kind == FactKind.Date) AddDate(fact.Key);
                if (fact.Kind == FactKind.Date && fact.Key.Length == 12) _datedMonthDays.Add(fact.Key[7..]);
                // A part of a document ("section 3.1") is no quantity to compute or round with.
                if (fact.Kind != FactKind.Number || fact.Reference) continue;
                _values.Add(fact.Value);
                if (fact.Dimension.Length > 0) _lastByDimension[fact.Dimension] = new UpstreamFact(span, text.Source, fact);
                // Each of the latest numbers remembers the texts that state it: a sum or difference is only taken from
                // two numbers that belong together.
                // A payload that holds a whole history again states everything together: it relates nothing.
                var seen = RecentlySeen(fact.Value, fact.Dimension);
                if (seen < 0)
                {
                    _recent.Add((fact.Value, fact.Dimension, text.Kind == InputKind.Payload ? [] : [id], _derived.Contains(fact.Key), index.AgentOf(span)));
                }
                else if (text.Kind != InputKind.Payload && _recent[seen].Texts is { Count: < MaxTextsPerNumber } texts && !texts.Contains(id))
                {
                    texts.Add(id);
                }
            }

            // The total of three or more amounts of one currency or unit in one text (an order's lines, a trip's legs): an
            // answer may state it, and pairs alone (Computed) do not reach it.
            if (first) AddTotals(index.FactsOf(id));

            // Words are only asked about for quoted names: they are read when the first name is judged, and from then on
            // as each new text is learned, so the set always holds every word of every text learned so far.
            if (first) _wordTexts.Add(text.Text);
        }

        // The latest upstream dates (the run's "today", a delivery date, a deadline): a number of days between two of them
        // is worked out, not invented.
        private readonly List<DateOnly> _dates = [];

        private void AddDate(string key)
        {
            if (key.Length != 12 || !DateOnly.TryParseExact(key.AsSpan(2), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)) return;
            if (_dates.Contains(date)) return;
            if (_dates.Count == RecentNumbers) _dates.RemoveAt(0);
            _dates.Add(date);
        }

        // A number of days that is the distance between two upstream dates ("14 days after it was served on 8 June", due 22 June).
        private bool DaysBetween(decimal days)
        {
            if (days <= 0 || days > 3660 || days != decimal.Truncate(days)) return false;
            for (var i = 0; i < _dates.Count; i++)
            {
                for (var j = i + 1; j < _dates.Count; j++)
                {
                    if (Math.Abs(_dates[i].DayNumber - _dates[j].DayNumber) == (int)days) return true;
                }
            }

            return false;
        }

        private void AddTotals(List<Fact> facts)
        {
            Dictionary<string, (decimal Sum, int Count)>? totals = null;
            foreach (var fact in facts)
            {
                if (fact.Kind != FactKind.Number || fact.Dimension.Length == 0 || fact.Dimension == "%") continue;
                totals ??= new(StringComparer.Ordinal);
                var (sum, count) = totals.GetValueOrDefault(fact.Dimension);
                try
                {
                    totals[fact.Dimension] = (sum + fact.Value, count + 1);
                }
                catch (OverflowException)
                {
                    return;
                }
            }

            if (totals is null) return;
            foreach (var (_, (sum, count)) in totals)
            {
                if (count >= 3) _values.Add(sum);
            }
        }

        // The position of the value among the latest numbers, or -1.
        private int RecentlySeen(decimal value, string dimension)
        {
            for (var i = 0; i < _recent.Count; i++)
            {
                var (v, d, _, _, _) = _recent[i];
                if (v == value && string.Equals(d, dimension, StringComparison.Ordinal)) return i;
            }

            return -1;
        }

        // True when two of the latest numbers belong together as the operands of a sum or difference: one text states
        // both (the same table, tool result or message); both are in the texts the judged span or the spans around it
        // were given, or both came to the judged span's own agent (two tool results it asked for, the task and a result,
        // two workers' reports), neither a result an earlier turn computed (a difference one agent worked out is no
        // operand for a figure found elsewhere); or the statement itself names both beside the result.
        private bool Related(int i, int j, List<Fact> statement)
        {
            var a = _recent[i].Texts;
            var b = _recent[j].Texts;
            for (var k = 0; k < a.Count; k++)
            {
                if (b.Contains(a[k])) return true;
            }

            return (Given(i) && Given(j)) || (Own(i) && Own(j))
                || (Names(statement, _recent[i].Value, _recent[i].Dimension) && Names(statement, _recent[j].Value, _recent[j].Dimension));
        }

        // A number the judged span's own agent came upon (its tool results, its task), not one it or another computed.
        private bool Own(int i)
        {
            var (_, _, _, derived, agent) = _recent[i];
            return !derived && string.Equals(agent, _agent, StringComparison.Ordinal);
        }

        private bool Given(int i)
        {
            if (_recent[i].Derived) return false;
            if (_givenTo is { } span)
            {
                _givenTo = null;
                for (var s = span; s is not null; s = s.Parent)
                {
                    var given = index._texts[s.Index];
                    var givenIds = index._textIds[s.Index];
                    for (var k = 0; k < given.Count; k++)
                    {
                        if (!given[k].IsOutput && given[k].Kind != InputKind.Payload) _given.Add(givenIds[k]);
                    }
                }
            }

            foreach (var id in _recent[i].Texts)
            {
                if (_given.Contains(id)) return true;
            }

            return false;
        }

        private static bool Names(List<Fact> statement, decimal value, string dimension)
        {
            foreach (var f in statement)
            {
                // A bare upstream figure the statement writes with its unit (a tool's 75.0 as "£75") is named too.
                if (f.Kind == FactKind.Number && f.Value == value && (f.Dimension == dimension || dimension.Length == 0)) return true;
            }

            return false;
        }

        private readonly HashSet<string> _monthDays = new(StringComparer.Ordinal);
        private int _monthDaysRead;

        /// <summary>
        /// A full date ("2026-05-30") whose day and month upstream wrote without a year ("on Saturday 30 May") and whose
        /// year is known upstream (a timestamp of 2026): the date the text meant, written out. Read lazily: upstream
        /// texts are scanned for days of months only when a date is not otherwise known.
        /// </summary>
        private bool DayAndYearKnown(string key)
        {
            if (key.Length != 12 || !key.StartsWith("d:", StringComparison.Ordinal) || !_known.Contains(string.Concat("n:", key.AsSpan(2, 4)))) return false;
            return MonthDayNamed(key);
        }

        // An input writes the date's day and month, with or without a year ("12 July", "July 12th"); read as texts are learned.
        private bool MonthDayNamed(string key)
        {
            for (; _monthDaysRead < _wordTexts.Count; _monthDaysRead++) Facts.AddMonthDays(_wordTexts[_monthDaysRead], _monthDays);
            return _monthDays.Contains(key[7..]);
        }

        // The days and months inputs write with a year ("1 July 2025").
        private readonly HashSet<string> _datedMonthDays = new(StringComparer.Ordinal);

        /// <summary>
        /// A day and month an input names without a year ("from Saturday 12 July"), and no input names with one, written
        /// with the year the run is in or the next one: the day as it comes next, resolved against the run's clock.
        /// </summary>
        private bool DayOfComingYear(string key, Span span)
        {
            // An input that wrote the day with a year ("1 July 2025") gave the year: another year is another date.
            if (key.Length == 12 && _datedMonthDays.Contains(key[7..])) return false;
            if (key.Length != 12 || !key.StartsWith("d:", StringComparison.Ordinal) || span.StartTimeUnixNano <= 0
                || !int.TryParse(key.AsSpan(2, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)) return false;
            var now = span.StartTime.UtcDateTime.Year;
            return (year == now || year == now + 1) && MonthDayNamed(key);
        }

        /// <summary>
        /// A factor between units of measure, or its inverse, written to three significant digits or more (1.609344 km to
        /// the mile, 0.4536 kg to the pound): general knowledge, stated by no one in the run. Not an amount of money.
        /// </summary>
        private static bool ConversionFactor(Fact fact)
        {
            if (fact.Kind != FactKind.Number || fact.Value <= 0 || fact.Dimension is "$" or "€" or "£" or "¥" or "%" || fact.Written.Count(char.IsAsciiDigit) < 3) return false;
            for (var k = UnitFactorsFrom; k < Conversions.Length; k++)
            {
                var f = Conversions[k];
                if (Math.Abs(fact.Value - f) <= f * 0.001m || Math.Abs(fact.Value * f - 1m) <= 0.001m) return true;
            }

            return false;
        }

        // Time placed relative to now: "next fall", "this spring", "last year".
        private int _relativeRead;
        private bool _relativeSeen;

        /// <summary>
        /// A year the output names for a time its input put relative to now ("next fall" → Fall 2025): the year the span
        /// ran in, or the one before or after it, where an input said next, this or last of a season, term or year.
        /// </summary>
        private bool RelativeYear(Fact fact, Span span)
        {
            if (fact.Kind != FactKind.Number || fact.Dimension.Length != 0 || fact.Written.Length != 4 || span.StartTimeUnixNano <= 0) return false;
            if (Math.Abs(fact.Value - span.StartTime.Year) > 1) return false;
            for (; !_relativeSeen && _relativeRead < _wordTexts.Count; _relativeRead++) _relativeSeen = RelativeTime().IsMatch(_wordTexts[_relativeRead]);
            return _relativeSeen;
        }

        // The spans of years the inputs write ("2015 through 2019", "2015-2019", "from 2015 to 2019"), read once each.
        private int _yearSpansRead;
        private readonly List<(int First, int Last)> _yearSpans = [];

        /// <summary>
        /// A year inside a span of years an input writes ("the years 2015 through 2019" names 2016, 2017 and 2018): the
        /// span's own years, whatever the output lists of them.
        /// </summary>
        private bool YearOfKnownSpan(Fact fact)
        {
            if (fact.Kind != FactKind.Number || fact.Dimension.Length != 0 || fact.Written.Length != 4 || fact.Value is < 1000 or > 2199) return false;
            for (; _yearSpansRead < _wordTexts.Count; _yearSpansRead++)
            {
                var text = _wordTexts[_yearSpansRead];
                if (text.Length > 200_000) continue;
                foreach (System.Text.RegularExpressions.Match m in YearSpan().Matches(text))
                {
                    var first = int.Parse(m.Groups["first"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
                    var last = int.Parse(m.Groups["last"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
                    if (first < last && last - first <= 50) _yearSpans.Add((first, last));
                }
            }

            var year = (int)fact.Value;
            return _yearSpans.Exists(y => y.First < year && year < y.Last);
        }

        // Days named relative to a date an input gives: "tomorrow" beside "Today is Wednesday 19 March 2025".
        private int _relativeDaysRead;
        private readonly HashSet<int> _dayOffsets = [];
        private readonly HashSet<DayOfWeek> _weekdays = [];
        private readonly HashSet<int> _namedMonths = [];

        // A year some date an input gives falls in.
        private bool KnownYear(int year)
        {
            var prefix = "d:" + year.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-";
            foreach (var key in _known)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal)) return true;
            }

            return false;
        }

        /// <summary>
        /// A date an input put relative to a date it gives ("Today is Wednesday 19 March 2025" and "tomorrow" → 2025-03-20;
        /// "yesterday", "the day after tomorrow", "on Friday" → the Friday within the week after): worked out, not invented.
        /// </summary>
        // A date the text reaches by a period it states, and that was given upstream, from a date upstream: "within six
        // months" of 2025-04-03 is 3 October 2025 (or the day before, the period's last day).
        private bool PeriodAfterKnown(Fact fact, string text)
        {
            if (fact.Key.Length != 12 || !fact.Key.StartsWith("d:", StringComparison.Ordinal) || _dates.Count == 0
                || !DateOnly.TryParseExact(fact.Key.AsSpan(2), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)) return false;
            // The periods upstream texts state: the text's period counts only when it was given ("transfer within six months").
            for (; _periodsRead < _wordTexts.Count; _periodsRead++)
            {
                foreach (System.Text.RegularExpressions.Match m in StatedPeriod().Matches(_wordTexts[_periodsRead]))
                {
                    if (Period(m) is { } given) _periods.Add(given);
                }
            }

            foreach (System.Text.RegularExpressions.Match m in StatedPeriod().Matches(text))
            {
                if (Period(m) is not var (n, unit) || !_periods.Contains((n, unit))) continue;
                foreach (var from in _dates)
                {
                    var to = unit switch { "d" => from.AddDays(n), "w" => from.AddDays(7 * n), "m" => from.AddMonths(n), _ => from.AddYears(n) };
                    if (to == day || to.AddDays(-1) == day) return true;
                }
            }

            return false;
        }

        private static readonly string[] PeriodWords = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

        private readonly HashSet<(int, string)> _periods = [];
        private int _periodsRead;

        // A stated period as a count and its unit's first letter (d, w, m, y): "six months" is (6, "m").
        private static (int N, string Unit)? Period(System.Text.RegularExpressions.Match m)
        {
            var w = m.Groups["n"].Value.ToLowerInvariant();
            var n = int.TryParse(w, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : Array.IndexOf(PeriodWords, w) + 1;
            return n <= 0 ? null : (n, m.Groups["unit"].Value.ToLowerInvariant()[..1]);
        }

        private bool RelativeDay(Fact fact)
        {
            if (fact.Kind != FactKind.Date || fact.Key.Length != 12 || !fact.Key.StartsWith("d:", StringComparison.Ordinal)
                || !DateOnly.TryParseExact(fact.Key.AsSpan(2), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)) return false;
            for (; _relativeDaysRead < _wordTexts.Count; _relativeDaysRead++)
            {
                foreach (System.Text.RegularExpressions.Match m in RelativeDayWord().Matches(_wordTexts[_relativeDaysRead]))
                {
                    var w = m.Value.ToLowerInvariant();
                    if (w.StartsWith("day after", StringComparison.Ordinal)) _dayOffsets.Add(2);
                    else if (w == "tomorrow") _dayOffsets.Add(1);
                    else if (w is "today" or "tonight") _dayOffsets.Add(0);
                    else if (w == "yesterday") _dayOffsets.Add(-1);
                    else if (Enum.TryParse<DayOfWeek>(w, ignoreCase: true, out var named)) _weekdays.Add(named);
                }

                foreach (System.Text.RegularExpressions.Match m in MonthName().Matches(_wordTexts[_relativeDaysRead]))
                {
                    _namedMonths.Add(DateTime.ParseExact(m.Value[..3], "MMM", System.Globalization.CultureInfo.InvariantCulture).Month);
                }
            }

            foreach (var offset in _dayOffsets)
            {
                if (_known.Contains("d:" + day.AddDays(-offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) return true;
            }

            if (!_weekdays.Contains(day.DayOfWeek)) return false;
            // The first such weekday of a month an input names ("from March" and "a Sunday class": Sunday 2 March), in a
            // year a known date gives.
            if (day.Day <= 7 && _namedMonths.Contains(day.Month)
                && KnownYear(day.Year)) return true;
            for (var back = 1; back <= 7; back++)
            {
                if (_known.Contains("d:" + day.AddDays(-back).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) return true;
            }

            return false;
        }

        private readonly HashSet<string> _months = new(StringComparer.Ordinal);
        private int _monthsRead;

        /// <summary>
        /// The first or last day of a month that an input names with its year ("in March 2023"), where the same text gives
        /// the month's other end too: a query's or a plan's range for that month (2023-03-01 to 2023-03-31, "1-31 March
        /// 2023") states the month, not dates of its own. A single date ("due by 31 January") is a date.
        /// </summary>
        private bool MonthBoundKnown(string key, List<Fact> same, string text, int at)
        {
            if (key.Length != 12 || !key.StartsWith("d:", StringComparison.Ordinal)
                || !int.TryParse(key.AsSpan(2, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
                || !int.TryParse(key.AsSpan(7, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var month)
                || !int.TryParse(key.AsSpan(10, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var day)
                || month is < 1 or > 12 || year is < 1 or > 9999 || (day != 1 && day != DateTime.DaysInMonth(year, month)))
            {
                return false;
            }

            // The month's other end in the same text: its last day, or (as code writes a half-open range, >= June 1 and
            // < July 1) the first day of the next month; for the first day of a month, the first day of the one before.
            static string Day(DateTime d) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"d:{d:yyyy-MM-dd}");
            var start = new DateTime(year, month, 1);
            string? named = null;
            if (Has(day == 1 ? Day(start.AddMonths(1).AddDays(-1)) : Day(start)) || (day == 1 && year < 9999 && Has(Day(start.AddMonths(1))))
                || (day != 1 && FromTheFirst().IsMatch(text.AsSpan(Math.Max(0, at - 12), Math.Min(at, 12))))) named = key[2..9];
            else if (day == 1 && (year > 1 || month > 1) && Has(Day(start.AddMonths(-1)))) named = Day(start.AddMonths(-1))[2..9];
            if (named is null) return false;
            for (; _monthsRead < _wordTexts.Count; _monthsRead++)
            {
                foreach (System.Text.RegularExpressions.Match m in MonthAndYear().Matches(_wordTexts[_monthsRead]))
                {
                    _months.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{m.Groups["y"].Value}-{Facts.MonthOf(m.Groups["mon"].Value):D2}"));
                }
            }

            return _months.Contains(named);

            bool Has(string other) => other != key && same.Exists(f => f.Kind == FactKind.Date && f.Key == other);
        }

        /// <summary>
        /// A short number a text gives as the end of a longer one ("your mobile ending 0482"), where an input holds a number
        /// of more digits that ends so (+447700900482): it quotes that number, not a figure of its own.
        /// </summary>
        /// <summary>
        /// A figure written with a scale word whose digits were given bare upstream ("487.3 million" after a script printed
        /// 487.3 from a column of millions): the scale names the unit the figure was counted in. Only a bare figure upstream
        /// (no unit or currency of its own) grounds it, and only where the task or the text that gave it speaks of that scale.
        /// </summary>
        private bool ScaleOfKnown(Fact fact)
        {
            // A count ("487.3 million speakers"); a sum of money or a measure says its unit, which a bare figure does not.
            if (fact.Dimension.Length > 0 || index.FirstBare(fact) is not { } given) return false;
            // The scale is the one the figures are counted in: the task says so ("in millions"), or the text that gave the
            // bare figure does ("l1_millions", "(millions)").
            var word = ScaleFactor(fact.Written) switch { 1_000m => "thousand", 1_000_000m => "million", 1_000_000_000m => "billion", _ => "trillion" };
            return index._task.Contains(word, StringComparison.OrdinalIgnoreCase)
                   || index.TextsOf(given.Span).Any(t => t.Source == given.Source && t.Text.Contains(word, StringComparison.OrdinalIgnoreCase));
        }

        private bool TailOfKnown(Fact fact, string text)
        {
            if (fact.Kind != FactKind.Number || fact.Written.Length is < 2 or > 6 || !fact.Written.All(char.IsAsciiDigit) || fact.Index > text.Length) return false;
            var before = text.AsSpan(Math.Max(0, fact.Index - 32), Math.Min(32, fact.Index));
            if (!PointsAtTail().IsMatch(before)) return false;
            foreach (var upstream in _wordTexts)
            {
                for (var at = upstream.IndexOf(fact.Written, StringComparison.Ordinal); at >= 0; at = upstream.IndexOf(fact.Written, at + 1, StringComparison.Ordinal))
                {
                    var end = at + fact.Written.Length;
                    if (at > 0 && char.IsAsciiDigit(upstream[at - 1]) && (end == upstream.Length || !char.IsAsciiDigit(upstream[end]))) return true;
                }
            }

            return false;
        }

        /// <summary>
        /// An identifier an input writes in two or more parts ("reg LK19 XRA", "order 4471 0932"): the same identifier when
        /// the parts are joined (LK19XRA). Only the characters of the identifier may sit between the parts, one space or
        /// hyphen at a time, and the match must start and end at a word's edge.
        /// </summary>
        // A code written as a record's field name and its number ("SPN 5246" where a record gives "spn": 5246): the label
        // is a word upstream and the number a value upstream.
        private bool LabelledFieldKnown(string written)
        {
            var space = written.IndexOf(' ', StringComparison.Ordinal);
            if (space is < 2 or > 8 || space + 1 >= written.Length) return false;
            var label = written.AsSpan(0, space);
            var number = written.AsSpan(space + 1);
            if (label.IndexOfAnyExcept(AsciiLetters) >= 0 || number.IndexOfAnyExcept("0123456789") >= 0 || (number.Length > 1 && number[0] == '0')) return false;
            return _known.Contains("n:" + number.ToString()) && Knows("w:" + label.ToString().ToLowerInvariant());
        }

        private static readonly System.Buffers.SearchValues<char> AsciiLetters = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

        private bool WrittenApartKnown(string key)
        {
            var id = key.AsSpan(2);
            if (id.Length < 5) return false;
            foreach (var upstream in _wordTexts)
            {
                for (var at = upstream.AsSpan().IndexOfAny(char.ToUpperInvariant(id[0]), char.ToLowerInvariant(id[0])); at >= 0;)
                {
                    if (at == 0 || !char.IsLetterOrDigit(upstream[at - 1]))
                    {
                        int i = at, k = 0, gaps = 0;
                        while (k < id.Length && i < upstream.Length)
                        {
                            if (char.ToUpperInvariant(upstream[i]) == id[k]) { i++; k++; }
                            else if (k > 0 && upstream[i] is ' ' or '-' && i + 1 < upstream.Length && char.IsLetterOrDigit(upstream[i + 1]) && char.IsLetterOrDigit(upstream[i - 1])) { i++; gaps++; }
                            else break;
                        }

                        if (k == id.Length && gaps > 0 && (i == upstream.Length || !char.IsLetterOrDigit(upstream[i]))) return true;
                    }

                    var next = upstream.AsSpan(at + 1).IndexOfAny(char.ToUpperInvariant(id[0]), char.ToLowerInvariant(id[0]));
                    at = next < 0 ? -1 : at + 1 + next;
                }
            }

            return false;
        }

        /// <summary>
        /// The end of a range of identifiers written short ("LBR-P-10231–10254" for LBR-P-10231 to LBR-P-10254): a number
        /// that follows a dash or "to" right after an identifier, where an input writes an identifier that ends in it.
        /// </summary>
        private bool RangeEndOfKnown(Fact fact, string text)
        {
            if (fact.Kind != FactKind.Number || fact.Written.Length < 3 || !fact.Written.All(char.IsAsciiDigit) || fact.Index > text.Length || fact.Index < 2) return false;
            var i = fact.Index;
            if (text[i - 1] is '-' or '\u2013' or '\u2014') i--;
            else if (i >= 4 && text.AsSpan(i - 4, 4).Equals(" to ", StringComparison.OrdinalIgnoreCase)) i -= 4;
            else return false;
            // An identifier ends right there: letters and digits with a letter among them, joined by dashes.
            var start = i;
            while (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '-')) start--;
            var before = text.AsSpan(start, i - start);
            if (before.Length < 4 || !char.IsAsciiDigit(before[^1]) || before.IndexOfAnyInRange('A', 'Z') < 0 && before.IndexOfAnyInRange('a', 'z') < 0) return false;
            foreach (var upstream in _wordTexts)
            {
                for (var at = upstream.IndexOf(fact.Written, StringComparison.Ordinal); at >= 0; at = upstream.IndexOf(fact.Written, at + 1, StringComparison.Ordinal))
                {
                    var end = at + fact.Written.Length;
                    if (at > 0 && (upstream[at - 1] == '-' || char.IsLetter(upstream[at - 1])) && (end == upstream.Length || !char.IsLetterOrDigit(upstream[end]))) return true;
                }
            }

            return false;
        }

        // A one-digit measure ("3 working days", "4 kg") an upstream text writes where the reader took no fact: the end of a
        // range after a hyphen ("5-7 working days"), or the bare value of a record's field named for its unit
        // ("working_days": 3, "weight_kg": 4).
        private bool FieldOfUnit(Fact fact)
        {
            if (fact.Kind != FactKind.Number || fact.Value is < 0 or >= 10 || fact.Value != decimal.Truncate(fact.Value)) return false;
            string[]? names = fact.Dimension switch
            {
                "wd" => ["working_days", "business_days", "workdays"],
                "kg" or "g" or "km" or "mi" or "lb" or "l" or "t" => [fact.Dimension],
                _ => null,
            };
            if (names is null) return false;
            var digit = (char)('0' + (int)fact.Value);
            foreach (var upstream in _wordTexts)
            {
                // Written the same way, where the reader took no fact: the end of a range after a hyphen ("5-7 working days").
                for (var at = upstream.IndexOf(fact.Written, StringComparison.OrdinalIgnoreCase); at >= 0; at = upstream.IndexOf(fact.Written, at + 1, StringComparison.OrdinalIgnoreCase))
                {
                    if (at == 0 || !char.IsAsciiDigit(upstream[at - 1]) && upstream[at - 1] != '.') return true;
                }

                foreach (var name in names)
                {
                    for (var at = upstream.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0; at = upstream.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
                    {
                        if (at > 0 && char.IsLetterOrDigit(upstream[at - 1])) continue;
                        var i = at + name.Length;
                        if (i < upstream.Length && upstream[i] == '\\') i++;
                        if (i >= upstream.Length || upstream[i] != '"') continue;
                        i++;
                        while (i < upstream.Length && upstream[i] == ' ') i++;
                        if (i >= upstream.Length || upstream[i] != ':') continue;
                        i++;
                        while (i < upstream.Length && upstream[i] == ' ') i++;
                        if (i < upstream.Length && upstream[i] == digit && (i + 1 == upstream.Length || !char.IsAsciiDigit(upstream[i + 1]) && upstream[i + 1] != '.')) return true;
                    }
                }
            }

            return false;
        }

        // A phone number written in its international form (+447700900418) that an input gave in its national form (07700
        // 900418): the country code stands where the trunk prefix 0 stood.
        private bool InternationalFormKnown(Fact fact, string text)
        {
            // The international form is written with its plus: "+447700900418".
            if (fact.Kind != FactKind.Number || !fact.IsBareNumber || fact.Index < 1 || fact.Index > text.Length || text[fact.Index - 1] != '+') return false;
            var digits = fact.Key.AsSpan(2);
            if (digits.Length is < 10 or > 15 || digits.ContainsAnyExcept("0123456789")) return false;
            for (var code = 1; code <= 3; code++)
            {
                var national = digits[code..];
                if (national.Length < 9 || national[0] == '0') continue;
                foreach (var upstream in _wordTexts)
                {
                    if (TrunkFormAt(upstream, national)) return true;
                }
            }

            return false;
        }

        // The national number written with its trunk 0 ("07700 900418", "0161-496 0000"): the digits in order, spaces,
        // dashes and brackets between them, no digit before or after.
        private static bool TrunkFormAt(string text, ReadOnlySpan<char> national)
        {
            for (var at = text.IndexOf('0'); at >= 0 && at < text.Length; at = text.IndexOf('0', at + 1))
            {
                if (at > 0 && char.IsAsciiDigit(text[at - 1])) continue;
                int i = at + 1, k = 0;
                while (i < text.Length && k < national.Length)
                {
                    var c = text[i];
                    if (c == national[k]) { i++; k++; }
                    else if (k > 0 && c is ' ' or '-' or '(' or ')') i++;
                    else if (k == 0 && c is ' ' or '(' or ')') i++;
                    else break;
                }

                if (k == national.Length && (i == text.Length || !char.IsAsciiDigit(text[i]))) return true;
            }

            return false;
        }

        // A whole number an input gave as an ordinal: 13 from "the 13th day of a month", 3 from "the 3rd edition".
        private bool OrdinalKnown(Fact fact)
        {
            if (!fact.IsBareNumber || fact.Value is < 1 or > 999 || fact.Value != decimal.Truncate(fact.Value)) return false;
            var n = ((int)fact.Value).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var suffix = (fact.Value % 100) is >= 11 and <= 13 ? "th" : (fact.Value % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
            return Knows("w:" + n + suffix);
        }

        private bool Knows(string key)
        {
            if (!key.StartsWith("w:", StringComparison.Ordinal)) return _known.Contains(key);
            for (; _wordsRead < _wordTexts.Count; _wordsRead++) Facts.AddWords(_wordTexts[_wordsRead], _words);
            return _words.GetAlternateLookup<ReadOnlySpan<char>>().Contains(key.AsSpan(2));
        }

        public List<StatedFact> Judge(Span span, List<SpanText> texts, int[] ids)
        {
            var stated = new List<StatedFact>();
            // The texts the span and its ancestors were given one by one (the task, instructions, tool results, the
            // messages before it; not a payload that holds them all again): a sum or difference may combine two numbers
            // of them. They are gathered only when a sum or difference asks (Given).
            _given.Clear();
            _givenTo = span;
            _agent = index.AgentOf(span);

            for (var i = 0; i < texts.Count; i++)
            {
                var t = texts[i];
                if (!t.IsOutput) continue;
                var known = IsLearned(ids[i]);
                var facts = index.FactsOf(ids[i]);
                foreach (var fact in facts)
                {
                    // A part of a document ("rule 3.4") is named as written or not at all: no sum, rounding or range gives it.
                    var supported = known || Facts.IsSupported(fact, _knows ??= Knows) || (!fact.Reference && ((fact.Kind == FactKind.Number && Rounds(fact))
                                    || (fact.Kind == FactKind.Date && (DayAndYearKnown(fact.Key) || MonthBoundKnown(fact.Key, facts, t.Text, fact.Index) || DayOfComingYear(fact.Key, span) || RelativeDay(fact) || PeriodAfterKnown(fact, t.Text))) || RelativeYear(fact, span) || YearOfKnownSpan(fact) || ConversionFactor(fact)
                                    || TailOfKnown(fact, t.Text) || ScaleOfKnown(fact) || (fact.Kind == FactKind.Identifier && (WrittenApartKnown(fact.Key) || LabelledFieldKnown(fact.Written))) || RangeEndOfKnown(fact, t.Text) || FieldOfUnit(fact) || InternationalFormKnown(fact, t.Text) || OrdinalKnown(fact)));
                    // "237.8 gal, rounded to 238": the rounding of a figure the same text gives, and that was grounded.
                    if (!supported && fact.Kind == FactKind.Number && !fact.Reference && RoundingOf(fact, t, stated)) supported = true;
                    if (!supported && fact.Kind == FactKind.Number && !fact.Reference && Computed(fact, facts))
                    {
                        // A result the turn computed: another figure is taken from it only where one text states both.
                        supported = true;
                        _derived.Add(fact.Key);
                        // A later figure of the same statement may be worked out from it ("$168 a month, $2,016 a year").
                        if (RecentlySeen(fact.Value, fact.Dimension) < 0) _recent.Add((fact.Value, fact.Dimension, [], true, _agent));
                    }

                    var conflict = supported || fact.Dimension.Length == 0 ? null : _lastByDimension.GetValueOrDefault(fact.Dimension);
                    stated.Add(new StatedFact(fact, t.Source, supported, conflict));
                }
            }

            return stated;
        }

        // A number the text says is a rounding ("rounded to 238", "rounds up to 3", "≈ 238") of a grounded figure it stated
        // just before (within 60 characters), off by less than one unit of the rounded figure's last non-zero digit.
        private static bool RoundingOf(Fact fact, SpanText text, List<StatedFact> stated)
        {
            var at = fact.Index;
            if (at <= 0 || !RoundedBefore().IsMatch(text.Text.AsSpan(Math.Max(0, at - 30), Math.Min(at, 30)))) return false;
            var unit = 1m;
            for (var v = Math.Abs(fact.Value); v != 0 && v % (unit * 10) == 0; unit *= 10) { }
            foreach (var s in stated)
            {
                if (!s.Supported || s.Source != text.Source || s.Fact.Kind != FactKind.Number || s.Fact.Index >= at || at - s.Fact.Index > 60) continue;
                if (s.Fact.Value != fact.Value && Math.Abs(s.Fact.Value - fact.Value) < unit) return true;
            }

            return false;
        }

        private bool Rounds(Fact fact)
        {
            var tolerance = Math.Max(fact.Precision, 0m);
            if (tolerance == 0) return false;
            return _values.GetViewBetween(fact.Value - tolerance, fact.Value + tolerance).Count > 0;
        }

        // A number the agent computed from upstream numbers: a sum, difference, product, ratio or percentage of two of
        // the latest upstream numbers, or one of them converted (thousands, hours; pounds, miles between units). Bounded
        // work. Arithmetic on two numbers must match at the precision the result is written in (18.2% for 18.16%, not 22% for
        // 15%); only a conversion, whose factors are themselves rounded (2.20462 lb to the kg), may be off by 0.1%. A sum
        // or difference is taken only from two numbers that belong together (Related): the figures an answer adds or
        // subtracts are the ones a table, a tool result or the data it was given holds, and any two of the many numbers
        // a run collects (another agent's result, a figure for something else) differ by almost anything.
        private bool Computed(Fact fact, List<Fact> statement)
        {
            var v = fact.Value;
            if (fact.Dimension == "d" && DaysBetween(v)) return true;
            var exact = fact.Precision;
            var converted = Math.Max(fact.Precision, Math.Abs(v) * 0.001m);
            bool Near(decimal x, decimal tolerance) => Math.Abs(x - v) <= tolerance;

            // Every candidate is first computed in double: one that misses by far more than double's rounding can
            // err, and whose every step stays far below decimal's range (so decimal could not overflow on it), is
            // not computed in decimal at all. Every other candidate is computed in decimal exactly as before, in the
            // same order, so an overflow still ends the search where it did.
            var vd = (double)v;
            var exactD = (double)exact;
            var convertedD = (double)converted;
            var screen = Math.Abs(vd) < SafeMagnitude;
            bool Miss(double x, double td) => screen && Math.Abs(x) < SafeMagnitude && Math.Abs(x - vd) > td + 1e-9 * (Math.Abs(x) + Math.Abs(vd) + td) + 1e-20;
            bool Safe(double x) => Math.Abs(x) < SafeMagnitude;

            Span<double> recent = stackalloc double[_recent.Count];
            for (var k = 0; k < recent.Length; k++) recent[k] = (double)_recent[k].Value;
            try
            {
                for (var i = 0; i < _recent.Count; i++)
                {
                    var (a, da, _, _, _) = _recent[i];
                    if (!Compatible(fact, da)) continue;
                    var ad = recent[i];
                    var units = IsMeasure(fact.Dimension) && IsMeasure(da) && da != fact.Dimension;
                    // A percentage turns into a plain figure, and back, only by a hundred (0.182 is 18.2%); never into an amount
                    // or a measure, which it only takes a share of (below).
                    var percentToPlain = (da == "%") != (fact.Dimension == "%");
                    var percentToOther = percentToPlain && (da == "%" ? fact.Dimension.Length > 0 : da.Length > 0);
                    for (var k = 0; k < (units ? Conversions.Length : UnitFactorsFrom); k++)
                    {
                        var c = Conversions[k];
                        if (percentToOther || (percentToPlain && c != 100m)) continue;
                        var cd = ConversionsD[k];
                        if (!Miss(ad * cd, convertedD) && Near(a * c, converted)) return true;
                        if (!Miss(ad / cd, convertedD) && Near(a / c, converted)) return true;
                    }

                    // A price times a small count (two adults, three nights): money only, where counts multiply.
                    if (IsCurrency(fact.Dimension) && da == fact.Dimension)
                    {
                        for (var k = 0; k < Counts.Length; k++)
                        {
                            if (!Miss(ad * CountsD[k], exactD) && Near(a * Counts[k], exact)) return true;
                        }
                    }

                    for (var j = 0; j < _recent.Count; j++)
                    {
                        if (i == j) continue;
                        var (b, db, _, _, _) = _recent[j];
                        if (!Compatible(fact, db)) continue;
                        var bd = recent[j];
                        // A percentage of something is the one product a percentage takes part in (15% of 1,200 is 180;
                        // 15% times 12 is no figure of anything): a plain figure or an amount comes from one only so.
                        if ((da == "%" || db == "%") && fact.Dimension != "%")
                        {
                            if (da != db && !(Safe(ad * bd) && Miss(ad * bd / 100d, exactD)) && Near(a * b / 100m, exact)) return true;
                            continue;
                        }

                        if (!Miss(ad + bd, exactD) && Near(a + b, exact) && Related(i, j, statement)) return true;
                        // A bill of two prices, each times a small count (2 adults at £65 and 1 child at £45 is £175).
                        if (IsCurrency(fact.Dimension) && da == fact.Dimension && db == fact.Dimension && j > i && LineItems(ad, bd, vd, exactD) && Related(i, j, statement)) return true;
                        if (!Miss(ad - bd, exactD) && Near(a - b, exact) && Related(i, j, statement)) return true;
                        if (!Miss(ad * bd, exactD) && Near(a * b, exact)) return true;
                        if (b != 0)
                        {
                            var q = ad / bd;
                            if (!Miss(q, exactD) && Near(a / b, exact)) return true;
                            // A ratio or a change taken times a hundred is a percentage: never an amount of money or a
                            // measure (30 minutes of $68 is no price of $44).
                            if (fact.Dimension is "%" or "")
                            {
                                if (!(Safe(q) && Miss(q * 100d, exactD)) && Near(a / b * 100m, exact)) return true;
                                var r = (ad - bd) / bd;
                                if (!(Safe(r) && Miss(r * 100d, exactD)) && Near((a - b) / b * 100m, exact)) return true;
                                // A fall is written as a positive change with a word for its direction ("down 7.2%").
                                if (v > 0 && r < 0 && !(Safe(r) && Miss(-r * 100d, exactD)) && Near((b - a) / b * 100m, exact)) return true;
                            }
                        }

                        var p = ad * bd;
                        if (!(Safe(p) && Miss(p / 100d, exactD)) && Near(a * b / 100m, exact)) return true;
                    }
                }
            }
            catch (OverflowException)
            {
            }

            return false;
        }

        // k × a + m × b for counts k, m of one to ten (not both one: that is the plain sum).
        private static bool LineItems(double a, double b, double v, double tolerance)
        {
            if (a <= 0 || b <= 0 || v <= 0) return false;
            for (var k = 1; k <= 10 && k * a <= v + tolerance; k++)
            {
                var rest = (v - k * a) / b;
                var m = Math.Round(rest);
                if (m >= 1 && m <= 10 && (k > 1 || m > 1) && Math.Abs(k * a + m * b - v) <= tolerance + 1e-9 * v) return true;
            }

            return false;
        }

        // Percentages come from any two numbers; money from money of the same currency, bare numbers or a percentage of
        // it; measures from any measure (a conversion), bare numbers or a percentage of one. Working days come only from
        // working days: no factor turns hours or calendar days into them.
        private static bool Compatible(Fact fact, string dimension) =>
            fact.Dimension == "wd" ? dimension == "wd" : fact.Dimension == "%" || dimension.Length == 0 || dimension == "%" || dimension == fact.Dimension || fact.Dimension.Length == 0
            || (!IsCurrency(fact.Dimension) && !IsCurrency(dimension));

        private static bool IsCurrency(string dimension) => dimension is "$" or "€" or "£" or "¥";

        // A unit of measure (kg, mi, °F...): not a bare number, a percentage or money.
        private static bool IsMeasure(string dimension) => dimension.Length > 0 && dimension != "%" && !IsCurrency(dimension);
    }

    /// <summary>The latest numbers, oldest first, at most a fixed number of them (the oldest drops out).</summary>
    private sealed class Ring(int capacity)
    {
        private readonly (decimal Value, string Dimension, List<int> Texts, bool Derived, string? Agent)[] _items = new (decimal, string, List<int>, bool, string?)[capacity];
        private int _start;

        public int Count { get; private set; }

        public (decimal Value, string Dimension, List<int> Texts, bool Derived, string? Agent) this[int index] => _items[(_start + index) % _items.Length];

        public void Add((decimal Value, string Dimension, List<int> Texts, bool Derived, string? Agent) item)
        {
            if (Count < _items.Length)
            {
                _items[(_start + Count) % _items.Length] = item;
                Count++;
                return;
            }

            _items[_start] = item;
            _start = (_start + 1) % _items.Length;
        }
    }
}
