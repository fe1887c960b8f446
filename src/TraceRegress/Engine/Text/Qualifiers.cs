using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Text;

/// <summary>A word of a text, lower-cased, with where it stands.</summary>
/// <param name="Word">The word in lower case (letters and digits, inner hyphens and apostrophes kept: <c>non-stop</c>).</param>
/// <param name="Start">Its offset in the text.</param>
/// <param name="Length">Its length in the text.</param>
/// <param name="Sentence">The sentence it belongs to (sentences end at <c>. ? ! ;</c> and line breaks).</param>
internal readonly record struct WordToken(string Word, int Start, int Length, int Sentence);

/// <summary>
/// A constraint of a task written as words: a qualifier of what the task asks for. Either a modifier in front of the
/// requested object (<c>non-stop</c> flight, <c>vegetarian</c> restaurant, <c>refundable</c> ticket,
/// <c>wheelchair-accessible</c> room) or a limiting phrase that follows it (<c>in Berlin</c>, <c>under five hundred
/// dollars</c>, <c>excluding weekends</c>, <c>without a car</c>).
/// </summary>
/// <param name="Written">The qualifier as the task writes it.</param>
/// <param name="Words">Its words that must be kept (for a limiting phrase, the words after the preposition).</param>
/// <param name="Excluding">True for an exclusion (<c>excluding weekends</c>, <c>without a car</c>): kept only when the words are still excluded.</param>
/// <param name="Amount">The value of an amount written in words (<c>five hundred</c> is 500), kept when written in digits too.</param>
internal sealed record Qualifier(string Written, string[] Words, bool Excluding, decimal? Amount);

/// <summary>
/// Finds the constraints a task states in words, and whether another text (a search query, a sub-agent's instruction,
/// a result, an answer) keeps, contradicts or drops them. Numbers, dates, ids and quoted names are facts and are left
/// to the fact rules; this reads the words around the object the task asks for.
/// </summary>
/// <remarks>
/// A qualifier belongs to a request: a sentence with a request verb (find, book, recommend, need...). Its words are
/// those in front of a word the other text keeps (the object), up to an article, a preposition or the verb, and the
/// limiting phrases of the same sentence (a preposition of place, price, time or exclusion and the words after it).
/// Politeness and vague praise (please, nice, good, great) are no constraints. A qualifier is kept when the other text
/// has its words (any inflection <c>s</c>/<c>es</c>, hyphens and spaces alike: <c>non-stop</c>, <c>non stop</c>,
/// <c>nonstop</c>), an amount in digits for an amount in words, or one of a few documented equivalents
/// (<see cref="Equivalents"/>). A word preceded by a negation (<c>not</c>, <c>no</c>, <c>non-</c>) is not kept: it says
/// the opposite.
/// </remarks>
internal static partial class Qualifiers
{
    /// <summary>
    /// Words that say the same as a qualifier, kept deliberately short: only pairs a search query or an instruction
    /// commonly writes instead (a direct flight is a non-stop one; a refundable fare is one with free cancellation).
    /// Keys and values are written as <see cref="Joined"/> forms (no hyphens, no spaces).
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Equivalents = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["nonstop"] = ["direct"],
        ["refundable"] = ["freecancellation", "fullyflexible"],
        ["wheelchairaccessible"] = ["accessible", "stepfree", "barrierfree"],
        ["vegetarian"] = ["vegan", "veggie", "meatfree", "meatless", "plantbased"],
        ["opensource"] = ["oss", "foss"],
        ["peerreviewed"] = ["refereed"],
        ["weekends"] = ["weekdays", "weekday", "businessdays", "workingdays", "mondaytofriday"],
        // A size as its code ("size": "L" for "in a large").
        ["small"] = ["s", "sm"],
        ["medium"] = ["m", "med"],
        ["large"] = ["l", "lg"],
        ["extralarge"] = ["xl"],
    };

    /// <summary>
    /// What an excluded thing leaves, and what says it was counted in: an amount excluding VAT is the net one, and the
    /// gross amount is the one that includes it. Keys and values are <see cref="Joined"/> forms.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, (string[] Without, string[] With)> Taxes = new Dictionary<string, (string[], string[])>(StringComparer.Ordinal)
    {
        ["vat"] = (["net", "exvat", "exclvat", "prevat"], ["gross", "incvat", "inclvat"]),
        ["gst"] = (["net", "exgst", "exclgst"], ["gross", "incgst", "inclgst"]),
        ["tax"] = (["net", "pretax", "beforetax"], ["gross", "aftertax", "taxinclusive"]),
        ["taxes"] = (["net", "pretax", "beforetax"], ["gross", "aftertax", "taxinclusive"]),
        ["salestax"] = (["net", "pretax", "beforetax"], ["gross", "aftertax", "taxinclusive"]),
    };

    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal) { "what", "which", "when", "how", "who", "whom", "whose", "where" };

    private static readonly HashSet<string> RequestVerbs = new(StringComparer.Ordinal)
    {
        "find", "book", "recommend", "suggest", "get", "buy", "order", "reserve", "list", "search", "look", "show", "plan",
        "compile", "collect", "gather", "locate", "choose", "pick", "need", "want", "arrange", "hire", "rent", "schedule",
        "source", "fetch", "retrieve", "shortlist", "purchase", "organise", "organize",
    };

    // Words that end a modifier run: articles, pronouns, prepositions, conjunctions, auxiliaries, question words.
    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "this", "that", "these", "those", "my", "your", "our", "their", "his", "her", "its", "me", "us", "i",
        "you", "we", "it", "they", "them", "some", "any", "and", "or", "but", "nor", "so", "of", "on", "at", "for", "in", "to",
        "from", "with", "by", "about", "as", "into", "onto", "near", "under", "below", "over", "above", "within", "without",
        "excluding", "except", "before", "after", "between", "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did",
        "can", "could", "would", "should", "will", "shall", "may", "might", "must", "what", "which", "who", "whom", "whose",
        "where", "when", "how", "why", "if", "then", "than", "there", "here", "also", "too", "each", "every", "all", "both",
        "per", "via", "up", "out", "off", "one", "ones",
    };

    // Politeness, vague praise and intensifiers: said, but no constraint a result can break.
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "please", "kindly", "just", "really", "very", "quite", "pretty", "nice", "good", "great", "decent", "lovely", "awesome",
        "cool", "perfect", "suitable", "appropriate", "relevant", "possible", "available", "interesting", "quick", "little",
        "few", "several", "other", "certain", "specific", "particular", "best", "top", "new", "old", "latest", "current", "recent",
        "following", "same", "such", "own", "maybe", "perhaps", "thanks", "thank", "help", "options", "option", "some",
    };

    /// <summary>Prepositions that limit what is asked for: place, price, time, exclusion.</summary>
    private static readonly HashSet<string> Limiting = new(StringComparer.Ordinal)
    {
        "in", "near", "within", "under", "below", "over", "above", "without", "excluding", "except", "from", "to", "before", "after",
    };

    private static readonly HashSet<string> Excluders = new(StringComparer.Ordinal) { "without", "excluding", "except", "no", "not", "exclude", "excludes", "non", "ex", "excl", "exc" };

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal) { "not", "no", "non", "isn't", "aren't", "never", "without" };

    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.Ordinal)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
        ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16,
        ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50,
        ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    /// <summary>The words of a text in lower case, in order, with their sentences.</summary>
    public static List<WordToken> Tokenize(string text)
    {
        var tokens = new List<WordToken>();
        var sentence = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (c is '.' or '?' or '!' or ';' or '\n' && !(c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))) sentence++;
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || (text[i] is '-' or '\'' or '’' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]) && i > start))) i++;
            tokens.Add(new WordToken(LowerInvariant(text.AsSpan(start, i - start)), start, i - start, sentence));
        }

        return tokens;
    }

    private static string LowerInvariant(ReadOnlySpan<char> word)
    {
        Span<char> buffer = word.Length <= 64 ? stackalloc char[word.Length] : new char[word.Length];
        word.ToLowerInvariant(buffer);
        for (var i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] == '’') buffer[i] = '\'';
        }

        return new string(buffer);
    }

    /// <summary>A word without hyphens (<c>non-stop</c> is <c>nonstop</c>).</summary>
    public static string Joined(string word) => word.Replace("-", "", StringComparison.Ordinal);

    /// <summary>The words of a text, looked up by their joined form, each with the positions it stands at.</summary>
    public sealed class WordSet
    {
        private readonly List<WordToken> _tokens;
        private readonly Dictionary<string, List<int>> _at = new(StringComparer.Ordinal);

        public WordSet(string text)
        {
            _tokens = Tokenize(text);
            for (var i = 0; i < _tokens.Count; i++)
            {
                Add(Joined(_tokens[i].Word), i);
                // Two words written apart count as one written together ("non stop", "open source"), and a compound's
                // parts count on their own ("wheelchair-accessible" keeps "accessible").
                if (i + 1 < _tokens.Count) Add(Joined(_tokens[i].Word) + Joined(_tokens[i + 1].Word), i);
                if (i + 2 < _tokens.Count) Add(Joined(_tokens[i].Word) + Joined(_tokens[i + 1].Word) + Joined(_tokens[i + 2].Word), i);
                if (_tokens[i].Word.Contains('-', StringComparison.Ordinal))
                {
                    foreach (var part in _tokens[i].Word.Split('-')) Add(part, i);
                }
            }
        }

        public IReadOnlyList<WordToken> Tokens => _tokens;

        private void Add(string key, int at)
        {
            if (!_at.TryGetValue(key, out var list)) _at[key] = list = [];
            if (list.Count == 0 || list[^1] != at) list.Add(at);
        }

        /// <summary>Where the word (joined form, any of its inflections) stands.</summary>
        public IEnumerable<int> Find(string joined)
        {
            foreach (var form in Forms(joined))
            {
                if (_at.TryGetValue(form, out var list))
                {
                    foreach (var at in list) yield return at;
                }
            }
        }

        public bool Contains(string joined) => Find(joined).Any();

        private static IEnumerable<string> Forms(string word)
        {
            yield return word;
            yield return word + "s";
            if (word.EndsWith('s') && word.Length > 3) yield return word[..^1];
            if (word.EndsWith("es", StringComparison.Ordinal) && word.Length > 4) yield return word[..^2];
            if (word.EndsWith('y') && word.Length > 3) yield return word[..^1] + "ies";
            if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4) yield return word[..^3] + "y";
        }

        /// <summary>True when a negation stands right before the word at <paramref name="at"/> (or it is written with <c>non</c> in front).</summary>
        public bool NegatedAt(int at, string joined)
        {
            if (at > 0 && Negations.Contains(_tokens[at - 1].Word)) return true;
            if (at > 1 && Negations.Contains(_tokens[at - 2].Word) && _tokens[at - 1].Word is "a" or "an" or "the" or "fully" or "very") return true;
            var word = Joined(_tokens[at].Word);
            return !joined.StartsWith("non", StringComparison.Ordinal) && (word.StartsWith("non" + joined, StringComparison.Ordinal) || word.StartsWith("un" + joined, StringComparison.Ordinal));
        }

        /// <summary>The number the word at <paramref name="at"/> stands for, if it is one.</summary>
        public decimal? NumberAt(int at)
        {
            if (at < 0 || at >= _tokens.Count) return null;
            var w = _tokens[at].Word;
            if (decimal.TryParse(w, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)) return n;
            return NumberWords.TryGetValue(w, out var v) ? v : null;
        }

        /// <summary>True when the text holds the amount in digits (<c>500</c>, <c>$500</c>, <c>500.00</c>, <c>1,200</c>).</summary>
        public bool HoldsAmount(decimal amount, string text)
        {
            foreach (var t in _tokens)
            {
                if (decimal.TryParse(t.Word, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n == amount) return true;
            }

            // Thousands separators and decimals split the words: read the digits around them.
            var digits = amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return text.Replace(",", "", StringComparison.Ordinal).Contains(digits, StringComparison.Ordinal)
                   && System.Text.RegularExpressions.Regex.IsMatch(text.Replace(",", "", StringComparison.Ordinal), $@"(?<![\d.]){digits}(?:\.0+)?(?![\d])", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        }
    }

    // Where the writer says they are, or which part of an organisation they belong to: "I'm on the Toronto team", "we're
    // based in Lyon", "I work at the Leeds branch", "I live in Quebec". The name is one to three capitalised words.
    [GeneratedRegex(@"\b(?i:I'm|I’m|I am|we're|we’re|we are|I work|we work|I live|we live|I'm located|I sit)\s+(?i:based\s+|located\s+|currently\s+)?(?i:on|in|at|from|with|out of)\s+(?i:the\s+|our\s+)?(?<name>\p{Lu}[\p{L}’'-]+(?:\s+\p{Lu}[\p{L}’'-]+){0,2})(?<unit>\s+(?:team|office|site|branch|store|campus|plant|depot|region|entity|subsidiary|division))?", RegexOptions.CultureInvariant)]
    private static partial Regex Situation();

    private static readonly HashSet<string> NotPlaces = new(StringComparer.Ordinal)
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "i", "the",
    };

    /// <summary>
    /// Where the task's writer says they are, or which part of an organisation they belong to ("I'm on the Toronto team",
    /// "we're based in Lyon"): a constraint on every question of the task, though no request sentence qualifies an object
    /// with it. Its words are the name's.
    /// </summary>
    public static List<Qualifier> Situations(string taskText)
    {
        var found = new List<Qualifier>();
        foreach (Match m in Situation().Matches(taskText))
        {
            var name = m.Groups["name"];
            // A month or a day ("September's intake") is a time, not a place.
            var words = Tokenize(name.Value).Select(t => t.Word).Where(w => !NotPlaces.Contains(w.EndsWith("'s", StringComparison.Ordinal) || w.EndsWith("’s", StringComparison.Ordinal) ? w[..^2] : w)).ToArray();
            if (words.Length == 0 || words.Length != Tokenize(name.Value).Count) continue;
            var written = taskText.Substring(name.Index, name.Length + m.Groups["unit"].Length);
            if (!found.Exists(f => f.Written == written)) found.Add(new Qualifier(written, words, false, null));
        }

        return found;
    }

    // A condition put on what is asked for as a negated relative clause: "the longest walk that does not need to be booked
    // in advance", "the first player who has never won", "a route which doesn't require a permit". The word it turns on
    // is the first after the negation and its auxiliaries.
    [GeneratedRegex(@"\b(?:that|which|who)\s+(?:(?:does|do|did|is|are|was|were|has|have|had|will|would|can|could|need|needs|must|should)\s*(?:not\b|n[’']t\b)|(?:(?:has|have|had|is|are|was|were)\s+)?never\b|cannot\b)\s*(?:(?:need|needs|have|has|had|require|requires|be|been|to|ever|yet)\s+){0,3}(?:(?:a|an|the|any)\s+)?(?<w>[a-z]{4,})\b[^?.;\n]{0,60}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegatedClause();

    /// <summary>
    /// The conditions a task puts on what it asks for as negated relative clauses ("that does not need to be booked in
    /// advance"), each an exclusion whose first word is the stem of the word the clause turns on ("book" for "booked", so
    /// "booking" and "bookable" are the same thing said otherwise) and whose second is what the sentence asks about
    /// ("longest"): only a step that keeps that can drop the condition.
    /// </summary>
    public static List<Qualifier> NegatedClauses(string taskText)
    {
        var found = new List<Qualifier>();
        foreach (Match m in NegatedClause().Matches(taskText))
        {
            var stem = Stem(m.Groups["w"].Value.ToLowerInvariant());
            if (stem.Length < 4 || Stop.Contains(stem) || Filler.Contains(stem)) continue;
            // What the sentence asks about: its first word of content before the clause ("longest" of "Which is the longest walk").
            var sentenceStart = Math.Max(taskText.LastIndexOfAny(['.', '?', '!', '\n'], Math.Max(0, m.Index - 1)) + 1, 0);
            var asked = Tokenize(taskText[sentenceStart..m.Index]).Select(t => t.Word).FirstOrDefault(w => IsContent(w) && !QuestionWords.Contains(w) && !HasDigit(w));
            if (asked is null) continue;
            var written = m.Value.TrimEnd();
            if (!found.Exists(f => f.Written == written)) found.Add(new Qualifier(written, [stem, asked], true, null));
        }

        return found;
    }

    private static string Stem(string word)
    {
        if (word.EndsWith("ing", StringComparison.Ordinal) && word.Length >= 7) return word[..^3];
        if (word.EndsWith("ed", StringComparison.Ordinal) && word.Length >= 6) return word[..^2];
        if (word.EndsWith("es", StringComparison.Ordinal) && word.Length >= 6) return word[..^2];
        if (word.EndsWith('s') && word.Length >= 5) return word[..^1];
        return word;
    }

    /// <summary>True when the text still excludes what a negated clause excludes: a word of its stem with a negation within three words ("no booking needed", "booking not required").</summary>
    public static bool ClauseKept(string text, Qualifier clause) => ClauseWords(Tokenize(text), clause.Words[0]).Any(n => n.Negated);

    /// <summary>True when the step is about what the clause's sentence asks (it keeps "longest" of "the longest walk that ...").</summary>
    public static bool ClauseAbout(WordSet step, Qualifier clause) => clause.Words.Length > 1 && KeptPlain(step, clause.Words[1]);

    /// <summary>
    /// The first line of the text that holds <paramref name="value"/> and says what a negated clause excludes, with no
    /// negation near it ("Carran Plateau Traverse   18 km   Booking essential" for "that does not need to be booked");
    /// null when no line does.
    /// </summary>
    public static string? ClauseBroken(string text, string value, Qualifier clause)
    {
        if (!text.Contains(value, StringComparison.OrdinalIgnoreCase)) return null;
        foreach (var line in text.Split('\n'))
        {
            if (!line.Contains(value, StringComparison.OrdinalIgnoreCase)) continue;
            var words = ClauseWords(Tokenize(line), clause.Words[0]).ToList();
            if (words.Count > 0 && words.TrueForAll(n => !n.Negated)) return line.Trim();
        }

        return null;
    }

    private static IEnumerable<(int At, bool Negated)> ClauseWords(List<WordToken> tokens, string stem)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!Joined(tokens[i].Word).StartsWith(stem, StringComparison.Ordinal)) continue;
            var negated = false;
            for (var k = Math.Max(0, i - 3); k <= Math.Min(tokens.Count - 1, i + 3) && !negated; k++)
            {
                var w = tokens[k].Word;
                negated = k != i && tokens[k].Sentence == tokens[i].Sentence && (Negations.Contains(w) || Excluders.Contains(w) || w == "none" || w.EndsWith("n't", StringComparison.Ordinal) || w.EndsWith("n’t", StringComparison.Ordinal));
            }

            yield return (i, negated);
        }
    }

    /// <summary>The sentences of a tokenised task that ask for something, each as the range of words after its request verb.</summary>
    public static List<(int From, int To)> Requests(List<WordToken> task)
    {
        var ranges = new List<(int, int)>();
        for (var i = 0; i < task.Count; i++)
        {
            if (!RequestVerbs.Contains(task[i].Word)) continue;
            var end = i + 1;
            while (end < task.Count && task[end].Sentence == task[i].Sentence) end++;
            ranges.Add((i + 1, end));
            i = end - 1;
        }

        return ranges;
    }

    /// <summary>
    /// The questions of a tokenised task that no request sentence already covers ("at what time does the first Sunday
    /// train arrive?", "how much did the council spend on grounds maintenance, excluding VAT?"), each as the range of
    /// words after its question word. A question qualifies what it asks about as a request does.
    /// </summary>
    public static List<(int From, int To)> Questions(List<WordToken> task, string text, List<(int From, int To)> requests)
    {
        var ranges = new List<(int, int)>();
        for (var i = 0; i < task.Count; i++)
        {
            var sentence = task[i].Sentence;
            var end = i;
            while (end < task.Count && task[end].Sentence == sentence) end++;
            var asked = -1;
            for (var k = i; k < end && asked < 0; k++)
            {
                if (QuestionWords.Contains(task[k].Word)) asked = k;
            }

            var last = task[end - 1];
            var after = text.AsSpan(last.Start + last.Length);
            var mark = after.IndexOfAny(".?!;\n");
            var covered = requests.Exists(r => r.From <= end - 1 && r.To > i);
            if (asked >= 0 && mark >= 0 && after[mark] == '?' && !covered) ranges.Add((asked + 1, end));
            i = end - 1;
        }

        return ranges;
    }

    /// <summary>True for an article, pronoun, preposition, conjunction, auxiliary or question word.</summary>
    public static bool IsFunctionWord(string word) => Stop.Contains(word);

    private static bool IsContent(string word) => word.Length >= 3 && !Stop.Contains(word) && !Filler.Contains(word) && !RequestVerbs.Contains(word) && word.Any(char.IsLetter);

    private static bool HasDigit(string word) => word.Any(char.IsAsciiDigit);

    /// <summary>
    /// The task's qualifiers that <paramref name="other"/> drops while keeping the object they qualify: the modifiers in
    /// front of a word the other text keeps, and the limiting phrases of a request it keeps a word of. Empty when it keeps
    /// them all, or keeps nothing the task asks for.
    /// </summary>
    public static List<Qualifier> DroppedBy(string taskText, List<WordToken> task, List<(int From, int To)> requests, WordSet other, string otherText)
    {
        var dropped = new List<Qualifier>();
        foreach (var (from, to) in requests)
        {
            var keptHead = false;
            var modifiers = new HashSet<int>();
            for (var i = from; i < to; i++)
            {
                var w = task[i].Word;
                if (!IsContent(w) || HasDigit(w) || modifiers.Contains(i) || !KeptPlain(other, w)) continue;
                // A word the other text keeps: the object. The words in front of it, up to an article or a preposition, qualify it.
                var run = new List<int>();
                for (var j = i - 1; j >= from; j--)
                {
                    var m = task[j].Word;
                    // A count written in words ("three meetings") is a number, left to the fact rules.
                    if (Stop.Contains(m) || RequestVerbs.Contains(m) || HasDigit(m) || NumberWords.ContainsKey(m) || task[j].Sentence != task[i].Sentence) break;
                    if (Filler.Contains(m)) continue;
                    if (Between(taskText, task[j], task[j + 1]) is not (" " or "-")) break;
                    run.Add(j);
                }

                keptHead = true;
                run.Reverse();
                // Contiguous words the other text does not keep are one qualifier ("first class").
                var group = new List<int>();
                foreach (var j in run.Append(-1))
                {
                    if (j >= 0) modifiers.Add(j);
                    if (j >= 0 && !KeptWord(other, task[j].Word) && !(group.Count > 0 && KeptWord(other, task[group[^1]].Word + task[j].Word)))
                    {
                        if (group.Count > 0 && group[^1] != j - 1) Flush();
                        group.Add(j);
                        continue;
                    }

                    Flush();
                }

                void Flush()
                {
                    if (group.Count == 0) return;
                    var words = group.Select(g => task[g].Word).ToArray();
                    if (words.Length > 1 && KeptWord(other, string.Concat(words))) { group.Clear(); return; }
                    var text = taskText.Substring(task[group[0]].Start, task[group[^1]].Start + task[group[^1]].Length - task[group[0]].Start);
                    if (!dropped.Exists(d => d.Written == text)) dropped.Add(new Qualifier(text, words, false, null));
                    group.Clear();
                }
            }

            if (!keptHead) continue;
            // Limiting phrases: a preposition of place, price, time or exclusion and the words after it.
            for (var i = from; i < to; i++)
            {
                if (!Limiting.Contains(task[i].Word)) continue;
                var words = new List<int>();
                var j = i + 1;
                while (j < to && task[j].Word is "a" or "an" or "the") j++;
                for (; j < to && words.Count < 4; j++)
                {
                    var w = task[j].Word;
                    if ((Stop.Contains(w) && !NumberWords.ContainsKey(w) && w != "one") || RequestVerbs.Contains(w)) break;
                    if (words.Count > 0 && Between(taskText, task[j - 1], task[j]) is not (" " or "-")) break;
                    words.Add(j);
                }

                if (words.Count == 0 || words.Exists(k => HasDigit(task[k].Word))) continue;
                var objectWords = words.Select(k => task[k].Word).ToArray();
                if (!objectWords.Any(IsContent) && Amount(objectWords) is null) continue;
                var excluding = task[i].Word is "without" or "excluding" or "except";
                var amount = Amount(objectWords);
                var kept = excluding ? KeptExcluded(other, objectWords) : KeptPhrase(other, otherText, objectWords, amount);
                if (kept) continue;
                var written = taskText.Substring(task[i].Start, task[words[^1]].Start + task[words[^1]].Length - task[i].Start);
                if (!dropped.Exists(d => d.Written == written)) dropped.Add(new Qualifier(written, objectWords.Where(w => IsContent(w) || amount is null).ToArray(), excluding, amount));
            }
        }

        return dropped;
    }

    /// <summary>The characters between two words of a text (a space, a hyphen, punctuation).</summary>
    public static string Between(string text, WordToken left, WordToken right)
    {
        var from = left.Start + left.Length;
        return from <= right.Start ? text[from..right.Start] : "";
    }

    /// <summary>The value of an amount written in words (<c>five hundred</c>, <c>two thousand</c>, <c>forty-five</c>); null when there is none.</summary>
    private static decimal? Amount(string[] words)
    {
        decimal total = 0, current = 0;
        var any = false;
        foreach (var w in words)
        {
            if (NumberWords.TryGetValue(w, out var n)) { current += n; any = true; }
            else if (w.Contains('-', StringComparison.Ordinal) && w.Split('-') is [var tens, var ones] && NumberWords.TryGetValue(tens, out var t) && NumberWords.TryGetValue(ones, out var o)) { current += t + o; any = true; }
            else if (w == "hundred" && any) current *= 100;
            else if (w == "thousand" && any) { total += current * 1000; current = 0; }
            else if (w == "million" && any) { total += current * 1_000_000; current = 0; }
        }

        return any ? total + current : null;
    }

    // A plain word of the task (a possible object) the other text has.
    private static bool KeptPlain(WordSet other, string word) => other.Contains(Joined(word));

    /// <summary>True when the other text states the word (or an equivalent) and no negation stands before it.</summary>
    public static bool KeptWord(WordSet other, string word)
    {
        var joined = Joined(word);
        foreach (var at in other.Find(joined))
        {
            if (!other.NegatedAt(at, joined)) return true;
        }

        if (Equivalents.TryGetValue(joined, out var same))
        {
            foreach (var s in same)
            {
                foreach (var at in other.Find(s))
                {
                    if (!other.NegatedAt(at, s)) return true;
                }
            }
        }

        return false;
    }

    private static bool KeptPhrase(WordSet other, string otherText, string[] words, decimal? amount)
    {
        if (amount is { } value && other.HoldsAmount(value, otherText)) return true;
        var content = words.Where(IsContent).ToArray();
        if (content.Length == 0) return false;
        return content.All(w => KeptWord(other, w)) || (content.Length > 1 && KeptWord(other, string.Concat(content.Select(Joined))));
    }

    // An excluded thing is kept when the other text still excludes it, or says its complement ("weekdays" for "excluding weekends").
    private static bool KeptExcluded(WordSet other, string[] words)
    {
        var content = words.Where(IsContent).Select(Joined).ToArray();
        if (content.Length == 0) return true;
        foreach (var w in content)
        {
            if (Equivalents.TryGetValue(w, out var same) && same.Any(other.Contains)) continue;
            if (Taxes.TryGetValue(w, out var tax) && tax.Without.Any(other.Contains)) continue;
            var excluded = false;
            foreach (var at in other.Find(w))
            {
                for (var k = Math.Max(0, at - 3); k < at && !excluded; k++) excluded = Excluders.Contains(other.Tokens[k].Word);
                if (Joined(other.Tokens[at].Word).StartsWith("non", StringComparison.Ordinal)) excluded = true;
            }

            if (!excluded) return false;
        }

        return true;
    }

    /// <summary>True when the text states the qualifier as the task means it.</summary>
    public static bool States(WordSet text, string otherText, Qualifier q)
    {
        if (q.Excluding) return KeptExcluded(text, q.Words);
        if (q.Amount is not null || q.Words.Length != 1) return KeptPhrase(text, otherText, q.Words, q.Amount);
        return KeptWord(text, q.Words[0]) || (q.Words.Length > 1 && KeptWord(text, string.Concat(q.Words)));
    }

    /// <summary>
    /// Where the text says the opposite of the qualifier, quoted: the qualifier negated (<c>non-refundable</c>, <c>not
    /// wheelchair accessible</c>), the excluded thing included, or for a qualifier that is itself a negation
    /// (<c>non-stop</c>) what it negates counted (<c>1 stop</c>, <c>"stops": 2</c>). Null when it does not.
    /// </summary>
    public static string? Contradiction(WordSet text, string raw, Qualifier q)
    {
        if (q.Amount is not null) return null;
        if (DayContradiction(text, raw, q) is { } otherDays) return otherDays;
        if (q.Excluding)
        {
            foreach (var w in q.Words.Where(IsContent).Select(Joined))
            {
                // The gross amount is the one with the tax in it.
                if (Taxes.TryGetValue(w, out var tax))
                {
                    foreach (var with in tax.With)
                    {
                        foreach (var at in text.Find(with))
                        {
                            if (!text.NegatedAt(at, with)) return Around(text, raw, at, at);
                        }
                    }
                }

                foreach (var at in text.Find(w))
                {
                    var excluded = false;
                    for (var k = Math.Max(0, at - 3); k < at && !excluded; k++) excluded = Excluders.Contains(text.Tokens[k].Word);
                    if (!excluded) return Around(text, raw, at, at);
                }
            }

            return null;
        }

        var joined = Joined(string.Concat(q.Words));
        foreach (var at in text.Find(joined))
        {
            if (!text.NegatedAt(at, joined)) continue;
            // "non-refundable" is negated inside the word; "not refundable" by the word before it.
            var inside = !Joined(text.Tokens[at].Word).StartsWith(joined, StringComparison.Ordinal);
            return Around(text, raw, inside ? at : Math.Max(0, at - 1), at);
        }

        foreach (var prefix in (string[])["non", "no"])
        {
            if (!joined.StartsWith(prefix, StringComparison.Ordinal) || joined.Length - prefix.Length < 3) continue;
            var negated = joined[prefix.Length..];
            foreach (var at in text.Find(negated))
            {
                if (Joined(text.Tokens[at].Word).StartsWith(prefix, StringComparison.Ordinal)) continue;
                // "1 stop", "2 stops"; "stops": 1 as a record writes it.
                if (at > 0 && text.NumberAt(at - 1) is > 0 && Between(raw, text.Tokens[at - 1], text.Tokens[at]) == " ") return Around(text, raw, at - 1, at);
                if (text.NumberAt(at + 1) is > 0 && Between(raw, text.Tokens[at], text.Tokens[at + 1]).Trim() is ":" or "\":" or "=") return Around(text, raw, at, at + 1);
            }
        }

        return null;
    }

    /// <summary>
    /// Where a text scopes itself to days of the week that leave out the one the qualifier names: "Mondays to Fridays"
    /// or "weekdays" against a Sunday, "weekends" against a Tuesday. Null when the qualifier names no day, or the text
    /// names no range of days.
    /// </summary>
    private static string? DayContradiction(WordSet text, string raw, Qualifier q)
    {
        if (q.Excluding || q.Words.Length != 1) return null;
        var day = DayOf(q.Words[0]);
        var weekend = q.Words[0] is "weekend" or "weekends";
        if (day < 0 && !weekend) return null;
        var tokens = text.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var w = tokens[i].Word;
            if (w is "weekday" or "weekdays" && (weekend || day >= 5) && !text.NegatedAt(i, w)) return Around(text, raw, i, i);
            if (w is "weekend" or "weekends" && day is >= 0 and < 5 && !text.NegatedAt(i, w)) return Around(text, raw, i, i);
            if (w.Split('-') is [var first, var second] && DayOf(first) is >= 0 and var f && DayOf(second) is >= 0 and var g)
            {
                if (LeavesOut(f, g)) return Around(text, raw, i, i);
                continue;
            }

            var from = DayOf(w);
            if (from < 0 || i + 2 >= tokens.Count) continue;
            // "Mondays to Fridays", "Monday - Friday", "Monday through Friday": a range of days, counted round the week.
            var (next, gap) = (tokens[i + 1], Between(raw, tokens[i], tokens[i + 1]).Trim());
            var to = -1;
            var end = i + 1;
            if (gap is "-" or "–" or "—" && DayOf(next.Word) is >= 0 and var d) to = d;
            else if (gap.Length == 0 && next.Word is "to" or "through" or "thru" or "until" && DayOf(tokens[i + 2].Word) is >= 0 and var e) { to = e; end = i + 2; }
            if (to >= 0 && LeavesOut(from, to)) return Around(text, raw, i, end);
        }

        return null;

        bool LeavesOut(int from, int to)
        {
            var covered = new HashSet<int>();
            for (var k = from; ; k = (k + 1) % 7)
            {
                covered.Add(k);
                if (k == to) break;
            }

            return weekend ? !covered.Contains(5) && !covered.Contains(6) : !covered.Contains(day);
        }
    }

    // The day of the week a word names (0 is Monday), plural or not; -1 for any other word.
    private static int DayOf(string word)
    {
        var w = word.EndsWith('s') ? word[..^1] : word;
        return Array.IndexOf(Days, w);
    }

    private static string Around(WordSet text, string raw, int from, int to)
    {
        var start = text.Tokens[from].Start;
        var end = text.Tokens[to].Start + text.Tokens[to].Length;
        // The quote runs from the first word to the last as written (a JSON key's closing quote and colon included).
        return raw[start..end];
    }
}
