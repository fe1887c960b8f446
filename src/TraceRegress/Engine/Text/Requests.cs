using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Text;

/// <summary>What a user's message asks for: the verbs of its requests, and whether it names an action.</summary>
internal static partial class Requests
{
    // "can you renew", "could you please check", "please cancel", "I'd like to move", "I just need to know", "help me find",
    // "can I get her in on Saturday", "could we move it" ("when can I drop it off" asks when, of the writer's own doing),
    // "can someone come and sort it out", "could your conservator come and survey it",
    // "is there any way you can still register me", "happy for you
    // to hold one for us", "feel free to book it".
    [GeneratedRegex(@"\b(?:is there (?:any|a|some) way (?:you|I|we) (?:can|could)|(?:(?:I'm|I am|we're|we are) )?(?:happy|glad|fine|okay|OK) for you to|feel free to|go ahead and|(?:can|could|would|will) (?:you|someone|somebody|anyone|one of your [a-z]+|your (?![a-z]+ (?:be|have|is|are)\b)[a-z]+)|(?<!\b(?:when|where|how|what time|which day|what day)\s)(?:can|could|may) (?:I|we)|please|I(?:'d| would)(?: (?:just|really|only|also))* like(?: you)? to|I (?:(?:just|really|only|also) )*(?:want|need)(?: you)? to|help me)(?: (?:please|just|also|quickly|kindly|still))* (?<verb>[a-z]+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Request();

    // Verbs that ask to be told something, not to have something done.
    private static readonly HashSet<string> Telling = new(StringComparer.OrdinalIgnoreCase)
    {
        "check", "know", "see", "find", "look", "tell", "show", "explain", "understand", "learn", "verify", "review", "compare",
        "estimate", "calculate", "figure", "let", "clarify", "read", "list", "remind", "confirm",
    };

    // Giving someone an answer: "give me a price", "give us a rough quote", "give me an idea of the cost".
    [GeneratedRegex(@"\bgive (?:me|us)\b(?: (?:a|an|the|some|your))?(?: [a-z]+)?? (?:price|prices|quote|quotation|estimate|idea|figure|number|ballpark|breakdown|rundown|summary|overview|update|answer|list|cost)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GivenAnswer();

    /// <summary>The verbs of the message's requests with where each stands.</summary>
    public static IEnumerable<(string Verb, int Index)> Verbs(string text)
    {
        foreach (Match m in Request().Matches(text)) yield return (m.Groups["verb"].Value.ToLowerInvariant(), m.Index);
    }

    // Verbs of doing: a request for one of these asks for an action, not for an answer.
    public static readonly HashSet<string> Acting = new(StringComparer.Ordinal)
    {
        "update", "change", "set", "modify", "move", "cancel", "delete", "remove", "create", "book", "submit", "send", "transfer", "pay", "enter", "join",
        "refund", "apply", "enroll", "enrol", "register", "place", "reserve", "schedule", "reschedule", "add", "edit", "close", "approve",
        "reject", "issue", "charge", "order", "purchase", "buy", "sell", "post", "publish", "email", "notify", "text", "sms", "assign",
        "escalate", "archive", "upgrade", "downgrade", "renew", "extend", "return", "replace", "reset", "grant", "revoke", "block",
        "suspend", "activate", "deactivate", "subscribe", "unsubscribe", "sign", "ship", "dispatch", "withdraw", "redeem", "claim", "swap",
        "waive", "credit", "rebook", "release", "void", "terminate", "switch", "migrate", "disable", "enable", "log", "record", "save", "file", "open",
        "raise", "fix", "make", "do", "put", "sort", "handle", "take", "start", "stop", "run", "go", "get", "arrange", "organise", "organize", "ask", "tell",
    };

    // Taking one of the options offered: "let's go with", "we'll go for", "I'll take", "we'll have".
    [GeneratedRegex(@"\b(?:let's|let’s|let us|we'll|we’ll|we will|I'll|I’ll|I will)\s+(?:go (?:with|for)|take|have)\s+(?:the|that|this|option|both|it)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Choice();

    // A quantity of goods as an order writes it: "4 x 50L", "2× crates".
    [GeneratedRegex(@"\b\d{1,3}\s?[x×]\s?(?=\d*[A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex OrderLine();

    // The first word of a sentence, after a greeting, a "please" or a "yes" ("Yes please, book Priya").
    [GeneratedRegex(@"(?:^|[.!?\n]\s*)(?:(?:hi|hello|hey|ok|okay|so|also|now|and|then|please|yes|yeah|yep|sure|great|perfect)\b[,!]?\s*)*(?<verb>[A-Za-z]+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Opening();

    // A second verb joined to a request in its sentence: "can you confirm ... and log that", "check it and then cancel",
    // "check it's free and, if it is, put a hold on it".
    [GeneratedRegex(@"\b(?:and|then)(?:,? (?:if|once|when|provided)\b[^,.;?!]{0,40},| if so,)?(?: (?:also|then|please|just|go ahead and))* (?<verb>[a-z]+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Joined();

    /// <summary>
    /// True when the message only asks to be told something: it makes at least one request to check, tell or know (or
    /// asks a question), and no request for anything else, neither alone nor joined to another ("and log that").
    /// </summary>
    public static bool OnlyAsks(string text, out string? asking)
    {
        asking = null;
        if (AsksAction(text)) return false;
        foreach (var (_, index) in Verbs(text))
        {
            asking ??= Sentence(text, index);
        }

        if (asking is null && text.IndexOf('?') is var q and >= 0) asking = Sentence(text, q);
        return asking is not null;
    }

    /// <summary>True when the message requests anything but being told: a request's verb, or one joined to it, is not one of telling.</summary>
    public static bool AsksAction(string text)
    {
        // An imperative: a sentence that opens with a verb of doing ("Book a table for four", "Hi, cancel my order").
        foreach (Match opening in Opening().Matches(text))
        {
            var word = opening.Groups["verb"].Value.ToLowerInvariant();
            // "Do I have enough?" asks; only a sentence that is no question orders.
            if (Acting.Contains(word) && word is not ("tell" or "ask" or "do") && !Sentence(text, opening.Groups["verb"].Index).EndsWith('?')) return true;
        }

        // A choice among what was offered: "Let's go with the Klop please", "We'll take the 10:30", "I'll have the blue one".
        if (Choice().Match(text) is { Success: true } choice && !Sentence(text, choice.Index).EndsWith('?')) return true;

        // An order written as quantities of goods ("4 x 50L Copperline Pale and 2 x 30L Ironbridge Stout please"), in a
        // sentence that is no question.
        foreach (Match line in OrderLine().Matches(text))
        {
            if (!Sentence(text, line.Index).EndsWith('?')) return true;
        }

        foreach (var (verb, index) in Verbs(text))
        {
            // "Could you give me a price?" asks to be told: what is given is an answer.
            if (!Telling.Contains(verb) && !(verb == "give" && GivenAnswer().IsMatch(Sentence(text, index)))) return true;
            var sentence = Sentence(text, index);
            foreach (Match joined in Joined().Matches(sentence))
            {
                if (Acting.Contains(joined.Groups["verb"].Value.ToLowerInvariant())) return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where the message uses the verb in any form (cancel, cancels, cancelled, cancelling), not negated; -1 when nowhere.
    /// </summary>
    public static int Mentions(string text, string verb) => Find(text, verb, bare: false);

    /// <summary>
    /// Where the message uses the verb as something to be done, not as the subject of a question about its price ("how much
    /// extra per month would it be to add a line?", "what's the fee to cancel?"): asking what an action costs asks to be
    /// told. -1 when nowhere.
    /// </summary>
    public static int MentionsAsAction(string text, string verb)
    {
        var from = 0;
        while (from < text.Length && Find(text[from..], verb, bare: false) is var at and >= 0)
        {
            var index = from + at;
            var sentence = Sentence(text, index);
            var start = text.IndexOf(sentence, Math.Max(0, index - sentence.Length), StringComparison.Ordinal);
            if (!(sentence.EndsWith('?') && start >= 0 && index >= start && PriceQuestion().IsMatch(text.AsSpan(start, index - start)))) return index;
            from = index + verb.Length;
        }

        return -1;
    }

    // What asks for a price: "how much", "what's the cost / fee / price", "cost to", "price of".
    [GeneratedRegex(@"\bhow much\b|\b(?:cost|costs|price|prices|pricing|fee|fees|charge)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PriceQuestion();

    /// <summary>
    /// Where the message says the verb itself ("can you renew them", "Renew both"), not as a noun after a determiner
    /// ("my book", "the booking") and not negated; -1 when nowhere.
    /// </summary>
    public static int Says(string text, string verb) => Find(text, verb, bare: true);

    private static readonly string[] Determiners = ["a ", "an ", "the ", "my ", "your ", "our ", "his ", "her ", "their ", "its ", "this ", "that ", "'s ", "’s "];

    private static bool AfterDeterminer(ReadOnlySpan<char> before)
    {
        foreach (var d in Determiners)
        {
            // A word of its own: "can " ends with "an " but is no determiner ("I can defer").
            if (before.EndsWith(d, StringComparison.OrdinalIgnoreCase) && (!char.IsLetter(d[0]) || before.Length == d.Length || !char.IsLetter(before[^(d.Length + 1)]))) return true;
        }

        return false;
    }

    private static int Find(string text, string verb, bool bare)
    {
        if (verb.Length < 3) return -1;
        var root = verb.Length > 3 && verb[^1] == 'e' ? verb[..^1] : verb;
        var last = Regex.Escape(verb[^1].ToString());
        var pattern = bare ? $@"\b{Regex.Escape(verb)}\b"
            : root == verb ? $@"\b{Regex.Escape(verb)}(?:s|es|{last}?ed|{last}?ing)?\b" : $@"\b{Regex.Escape(root)}(?:e|es|ed|ing)\b";
        foreach (Match m in Regex.Matches(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            var before = text.AsSpan(Math.Max(0, m.Index - 12), Math.Min(12, m.Index));
            if (before.Contains("n't ", StringComparison.OrdinalIgnoreCase) || before.Contains("not ", StringComparison.OrdinalIgnoreCase)
                || before.Contains("never ", StringComparison.OrdinalIgnoreCase)) continue;
            if (bare && AfterDeterminer(before)) continue;
            return m.Index;
        }

        return -1;
    }

    // A title's or an abbreviation's full stop ("Dr. Reyes", "no. 4") ends no sentence.
    private static bool AfterTitle(string text, int dot)
    {
        var start = dot;
        while (start > 0 && char.IsLetter(text[start - 1])) start--;
        var word = text.AsSpan(start, dot - start);
        foreach (var title in (ReadOnlySpan<string>)["Dr", "Mr", "Mrs", "Ms", "Mx", "Prof", "St", "Mt", "No", "no", "vs", "approx", "Jr", "Sr"])
        {
            if (word.SequenceEqual(title)) return true;
        }

        return false;
    }

    /// <summary>The sentences and lines of a text, each with its closing mark ("... for pensioners?").</summary>
    public static string[] Sentences(string text) => SentenceBreak().Split(text);

    [GeneratedRegex(@"(?<=[.!?])\s+|\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    /// <summary>The sentence of the text that holds the position.</summary>
    public static string Sentence(string text, int at)
    {
        // In a JSON payload (a traced function's arguments) a string's quotes bound its sentences too. A full stop ends a
        // sentence where a space or the end follows it, not inside a name ("pm25_march2023.csv", "fenmoorrail.co.uk").
        var json = text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('[');
        bool Ends(int i) => text[i] is '?' or '!' or '\n' || (json && text[i] == '"')
            || (text[i] == '.' && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]) || text[i + 1] == '"') && !AfterTitle(text, i));
        var start = 0;
        for (var i = Math.Min(Math.Max(0, at - 1), text.Length - 1); i >= 0; i--)
        {
            if (Ends(i))
            {
                start = i + 1;
                break;
            }
        }

        var end = -1;
        for (var i = at; i < text.Length; i++)
        {
            if (Ends(i))
            {
                end = i;
                break;
            }
        }

        return text[start..(end < 0 ? text.Length : Math.Min(text.Length, end + 1))].Trim();
    }
}
