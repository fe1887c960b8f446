using System.Globalization;
using System.Text.Json;

namespace TraceRegress.Engine.Text;

/// <summary>What a restriction limits.</summary>
internal enum RestrictionKind
{
    /// <summary>Something the user rules out: <c>no red-eye flights</c>, <c>allergic to shellfish</c>, <c>peanut-free</c>, <c>without a car</c>.</summary>
    Excludes,

    /// <summary>Something the chosen option must be: <c>nonstop only</c>, <c>must be refundable</c>, <c>has to be wheelchair accessible</c>.</summary>
    Requires,

    /// <summary>An amount not to exceed: <c>my budget is $150 a night max</c>, <c>under $400</c>, <c>no more than EUR 90</c>.</summary>
    AtMost,

    /// <summary>Who a statement applies to, by age: <c>aged 12 and over</c>, <c>do not use in children under 12</c> (anyone younger is outside it).</summary>
    MinimumAge,

    /// <summary>The times of day something must fall in: <c>I can only come in the mornings</c>, <c>not before 9am</c> (<see cref="TimeWindows"/>).</summary>
    TimeOfDay,
}

/// <summary>A restriction a user (or a document) states in one sentence.</summary>
/// <param name="Kind">What it limits.</param>
/// <param name="Written">The words that state it, as written (a substring of the text it was read from).</param>
/// <param name="Terms">The words of what is excluded or required (lower case); empty for amounts and ages.</param>
/// <param name="Amount">The ceiling of an amount, or the minimum age.</param>
internal sealed record Restriction(RestrictionKind Kind, string Written, string[] Terms, decimal? Amount);

/// <summary>
/// Finds the restrictions a text states in words (what the user rules out, requires, the most they will pay, who a
/// figure applies to) and tells whether another text restates one, or breaks it: in its own words (an answer that
/// proposes a shrimp paella to someone who said no shrimp) or through the record of an option it picked from a tool's
/// list (<c>"red_eye": true</c>, <c>"stops": 1</c>, <c>"refundable": false</c>, a rate above the budget). It reads the
/// words of one sentence at a time (<see cref="Qualifiers.Tokenize"/>): a marker (<c>no</c>, <c>avoid</c>,
/// <c>without</c>, <c>allergic to</c>, <c>only</c>, <c>must be</c>, <c>budget</c>, <c>max</c>, <c>under</c>) and the
/// words it governs, up to a function word or a punctuation mark.
/// </summary>
internal static partial class Restrictions
{
    private static readonly HashSet<string> Separators = new(StringComparer.Ordinal) { "or", "and", "nor" };

    // Words after "no" that make no restriction of a thing ("no more than" is an amount, "no problem" is none).
    private static readonly HashSet<string> NotAThing = new(StringComparer.Ordinal)
    {
        "more", "less", "later", "earlier", "problem", "problems", "worries", "idea", "longer", "need", "one", "matter", "doubt", "thanks",
        "rush", "hurry", "issue", "issues", "longer", "sooner", "other", "further",
    };

    // Ends of the words a marker governs, beside the function words Qualifiers knows.
    private static readonly HashSet<string> Enders = new(StringComparer.Ordinal)
    {
        "please", "ever", "thanks", "thank", "so", "because", "since", "as", "for", "in", "at", "on", "to", "with", "from", "anything", "whatsoever",
        "at all", "either", "though", "but", "if", "unless", "then", "me", "us", "them", "i", "we", "is", "are", "be", "allowed", "whatever",
    };

    private static readonly HashSet<string> Articles = new(StringComparer.Ordinal) { "a", "an", "the", "any", "some", "my", "our", "your" };

    private static readonly HashSet<string> CeilingMarkers = new(StringComparer.Ordinal)
    {
        "under", "below", "max", "maximum", "budget", "cap", "capped", "most", "within", "less", "exceed", "afford", "limit", "ceiling",
    };

    private static readonly HashSet<string> AgeWords = new(StringComparer.Ordinal)
    {
        "children", "child", "kids", "kid", "aged", "age", "ages", "years", "year", "adolescents", "adults", "paediatric", "pediatric",
    };

    private static readonly HashSet<string> Currencies = new(StringComparer.Ordinal) { "usd", "eur", "gbp", "chf", "nok", "sek", "dkk", "cad", "aud", "jpy", "dollars", "euros", "pounds" };

    // Words for a kind of food that a restriction names as a whole ("allergic to shellfish", "gluten-free", "no dairy"),
    // with what always belongs to that kind, so an answer that names only a member ("garlic prawns", "a cheese board")
    // breaks it. Members are singular; a plural is found as well. Only kinds whose members are never in doubt: "red meat"
    // has no chicken, and squid is left out of shellfish.
    private static readonly Dictionary<string, string[]> KindMembers = new(StringComparer.Ordinal)
    {
        ["shellfish"] = ["shrimp", "prawn", "crab", "lobster", "crayfish", "crawfish", "langoustine", "mussel", "clam", "oyster", "scallop", "cockle", "scampi"],
        ["crustacean"] = ["shrimp", "prawn", "crab", "lobster", "crayfish", "crawfish", "langoustine", "scampi"],
        ["nut"] = ["almond", "walnut", "cashew", "pecan", "hazelnut", "pistachio", "macadamia", "praline", "marzipan"],
        ["tree nut"] = ["almond", "walnut", "cashew", "pecan", "hazelnut", "pistachio", "macadamia", "praline", "marzipan"],
        ["peanut"] = ["satay", "groundnut"],
        ["dairy"] = ["milk", "cheese", "butter", "cream", "yogurt", "yoghurt", "ghee", "paneer", "mozzarella", "parmesan", "cheddar", "ricotta", "feta", "custard", "buttermilk"],
        ["lactose"] = ["milk", "cheese", "cream", "yogurt", "yoghurt", "paneer", "mozzarella", "ricotta", "custard", "buttermilk"],
        ["gluten"] = ["wheat", "barley", "rye", "bread", "pasta", "couscous", "seitan", "spaghetti", "bulgur", "semolina", "croissant", "sourdough", "baguette"],
        ["wheat"] = ["bread", "pasta", "couscous", "seitan", "spaghetti", "bulgur", "semolina", "croissant", "sourdough", "baguette"],
        ["meat"] = ["beef", "pork", "chicken", "lamb", "veal", "bacon", "ham", "sausage", "chorizo", "steak", "duck", "turkey", "venison", "prosciutto", "salami", "pancetta", "mince"],
        ["red meat"] = ["beef", "pork", "lamb", "veal", "steak", "venison", "mutton"],
        ["pork"] = ["bacon", "ham", "chorizo", "prosciutto", "pancetta", "lard", "salami"],
        ["fish"] = ["salmon", "tuna", "cod", "anchovy", "anchovies", "sardine", "mackerel", "trout", "halibut", "haddock", "swordfish", "tilapia", "herring"],
        ["seafood"] = ["shrimp", "prawn", "crab", "lobster", "mussel", "clam", "oyster", "scallop", "salmon", "tuna", "cod", "anchovy", "anchovies", "sardine", "squid", "octopus", "calamari"],
        ["egg"] = ["mayonnaise", "meringue", "omelette", "omelet", "frittata", "aioli"],
        ["alcohol"] = ["wine", "beer", "vodka", "rum", "whisky", "whiskey", "gin", "tequila", "sake", "champagne", "prosecco", "cocktail", "brandy", "cider"],
    };

    private static readonly HashSet<string> AmountKeys = new(StringComparer.Ordinal) { "price", "rate", "fare", "cost", "amount", "total", "nightly", "night", "usd", "eur", "gbp" };

    // Words without one of which no restriction is read (checked in one pass before a text is read word by word).
    private static readonly System.Buffers.SearchValues<string> Markers = System.Buffers.SearchValues.Create(
        ["no ", "not as ", "not in ", "not via ", "only", "avoid", "without", "nothing", "allerg", "intoleran", "-free", "must be", "to be", "under", "below", "max", "budget",
         "cap", "most", "within", "less", "exceed", "afford", "limit", "ceiling", "over", "older", "younger", "need", "require", "must have",
         "impossible", "can't do", "cannot do", "can't make", "cannot make", "n't work", "no good"], StringComparison.OrdinalIgnoreCase);

    // A day of the week the writer rules out: "Tuesdays are impossible for me", "I can't do Fridays", "Mondays don't work".
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?<day>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|weekends?)\s+(?:are|is)\s+(?:(?:just|totally|completely|simply)\s+)?(?:impossible|out|no good|not possible|a no-go|off the table)\b|\b(?:can't|can’t|cannot|can not|couldn't)\s+(?:do|make|manage)\s+(?:any\s+|a\s+)?(?<day>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|weekends?)\b|\b(?<day>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|weekends?)\s+(?:don't|don’t|doesn't|doesn’t|won't|won’t|do not|does not|will not)\s+work\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DayRuledOut();

    /// <summary>False when the text has none of the words a restriction is stated with: <see cref="Find"/> would find nothing.</summary>
    public static bool MayState(string text) => text.AsSpan().IndexOfAny(Markers) >= 0 || TimeWindows.MayState(text);

    /// <summary>The restrictions the text states, in order; empty when it states none.</summary>
    public static List<Restriction> Find(string text)
    {
        var found = new List<Restriction>();
        if (text.Length == 0) return found;
        found.AddRange(TimeWindows.Find(text));
        if (!MayState(text)) return found;
        foreach (System.Text.RegularExpressions.Match m in DayRuledOut().Matches(text))
        {
            var day = m.Groups["day"].Value.ToLowerInvariant();
            found.Add(new Restriction(RestrictionKind.Excludes, m.Value, [day.EndsWith('s') ? day[..^1] : day], null));
        }

        var tokens = Qualifiers.Tokenize(text);
        for (var i = 0; i < tokens.Count; i++)
        {
            var w = tokens[i].Word;
            switch (w)
            {
                case "allergic" or "intolerant" when Next(tokens, i, "to"):
                    Items(text, tokens, i, i + 2, RestrictionKind.Excludes, found);
                    break;
                case "allergy" or "allergies" or "intolerance" when Next(tokens, i, "to"):
                    Items(text, tokens, i, i + 2, RestrictionKind.Excludes, found);
                    break;
                case "allergy" or "allergies" or "intolerance" when i > 0 && IsThing(tokens[i - 1].Word) && tokens[i - 1].Sentence == tokens[i].Sentence:
                    found.Add(new Restriction(RestrictionKind.Excludes, Slice(text, tokens[i - 1], tokens[i]), [tokens[i - 1].Word], null));
                    break;
                case "no" or "avoid" or "without" or "avoiding" when i + 1 < tokens.Count && !NotAThing.Contains(tokens[i + 1].Word):
                    Items(text, tokens, i, i + 1, RestrictionKind.Excludes, found);
                    break;
                // The form a thing must not take: "back on my card, not as Volta credit", "not in vouchers".
                case "not" when i > 0 && (Next(tokens, i, "as") || Next(tokens, i, "in") || Next(tokens, i, "via")) && i + 2 < tokens.Count && !NotAThing.Contains(tokens[i + 2].Word):
                {
                    // The thing is the phrase's last word ("credit" of "Volta credit": whose credit it is sets nothing apart).
                    var end = i + 2;
                    while (end < tokens.Count && end - i < 5 && tokens[end].Sentence == tokens[i].Sentence && (IsThing(tokens[end].Word) || Articles.Contains(tokens[end].Word))
                           && (end == i + 2 || Qualifiers.Between(text, tokens[end - 1], tokens[end]) is " ")) end++;
                    if (end - 1 >= i + 2 && IsThing(tokens[end - 1].Word)) found.Add(new Restriction(RestrictionKind.Excludes, Slice(text, tokens[i], tokens[end - 1]), [tokens[end - 1].Word], null));
                    break;
                }
                case "nothing" when Next(tokens, i, "with") || Next(tokens, i, "containing"):
                    Items(text, tokens, i, i + 2, RestrictionKind.Excludes, found);
                    break;
                case "only" when i > 0 && IsThing(tokens[i - 1].Word) && tokens[i - 1].Sentence == tokens[i].Sentence && Qualifiers.Between(text, tokens[i - 1], tokens[i]) is " "
                                 && (i + 1 == tokens.Count || tokens[i + 1].Sentence != tokens[i].Sentence || tokens[i + 1].Word is "please" || Qualifiers.Between(text, tokens[i], tokens[i + 1]).Trim().Length > 0):
                {
                    // "Nonstop only", "daytime flights only": the words before it.
                    var from = i - 1;
                    while (from > 0 && i - from < 2 && IsThing(tokens[from - 1].Word) && tokens[from - 1].Sentence == tokens[i].Sentence && Qualifiers.Between(text, tokens[from - 1], tokens[from]) is " " or "-") from--;
                    found.Add(new Restriction(RestrictionKind.Requires, Slice(text, tokens[from], tokens[i]), Words(tokens, from, i - 1), null));
                    break;
                }
                case "only":
                    Governed(text, tokens, i, i + 1, RestrictionKind.Requires, found);
                    break;
                // "The room needs video conferencing", "requires step-free access", "must have a projector".
                case "needs" or "need" or "requires" or "require" when i + 1 < tokens.Count && tokens[i + 1].Word is not ("to" or "be") && tokens[i + 1].Sentence == tokens[i].Sentence:
                    Governed(text, tokens, i, i + 1, RestrictionKind.Requires, found);
                    break;
                case "have" when i > 0 && tokens[i - 1].Word == "must" && i + 1 < tokens.Count && tokens[i + 1].Word is not ("to" or "been") && tokens[i + 1].Sentence == tokens[i].Sentence:
                    Governed(text, tokens, i - 1, i + 1, RestrictionKind.Requires, found);
                    break;
                case "be" when i > 0 && tokens[i - 1].Word is "must" or "to" && (tokens[i - 1].Word == "must" || (i > 1 && tokens[i - 2].Word is "has" or "have" or "needs" or "need")):
                    Governed(text, tokens, i - (tokens[i - 1].Word == "must" ? 1 : 2), i + 1, RestrictionKind.Requires, found);
                    break;
            }

            if (w.EndsWith("-free", StringComparison.Ordinal) && w.Length > 6 && w[..^5] is var freeOf && IsThing(freeOf))
                found.Add(new Restriction(RestrictionKind.Excludes, Slice(text, tokens[i], tokens[i]), [freeOf], null));
        }

        Amounts(text, tokens, found);
        return found;
    }

    private static bool Next(List<WordToken> tokens, int i, string word) => i + 1 < tokens.Count && tokens[i + 1].Word == word && tokens[i + 1].Sentence == tokens[i].Sentence;

    private static bool IsThing(string word) =>
        word.Length >= 3 && !word.Contains('\'', StringComparison.Ordinal) && word.Any(char.IsLetter) && !word.Any(char.IsAsciiDigit) && !Qualifiers.IsFunctionWord(word) && !Enders.Contains(word) && !NotAThing.Contains(word) && !Separators.Contains(word);

    private static string[] Words(List<WordToken> tokens, int from, int to)
    {
        var words = new string[to - from + 1];
        for (var k = from; k <= to; k++) words[k - from] = tokens[k].Word;
        return words;
    }

    private static string Slice(string text, WordToken from, WordToken to) => text[from.Start..(to.Start + to.Length)];

    // "no prawns, shrimp, crab or mussels": one restriction per item, each written with its marker's words.
    private static void Items(string text, List<WordToken> tokens, int marker, int start, RestrictionKind kind, List<Restriction> found)
    {
        var sentence = tokens[marker].Sentence;
        var j = start;
        while (j < tokens.Count && Articles.Contains(tokens[j].Word) && tokens[j].Sentence == sentence) j++;
        var items = 0;
        while (j < tokens.Count && tokens[j].Sentence == sentence && items < 6)
        {
            var from = j;
            while (j < tokens.Count && tokens[j].Sentence == sentence && j - from < 3 && IsThing(tokens[j].Word)
                   && (j == from || Qualifiers.Between(text, tokens[j - 1], tokens[j]) is " " or "-")) j++;
            if (j == from) break;
            found.Add(new Restriction(kind, Slice(text, tokens[marker], tokens[j - 1]), Words(tokens, from, j - 1), null));
            items++;
            // A list goes on after a comma or "or"/"and".
            if (j < tokens.Count && tokens[j].Sentence == sentence && Separators.Contains(tokens[j].Word)) j++;
            else if (j < tokens.Count && tokens[j].Sentence == sentence && Qualifiers.Between(text, tokens[j - 1], tokens[j]).Trim() == ",") { }
            else break;
            while (j < tokens.Count && Articles.Contains(tokens[j].Word)) j++;
        }
    }

    // "only refundable rates", "must be wheelchair accessible": up to two words after the marker.
    private static void Governed(string text, List<WordToken> tokens, int marker, int start, RestrictionKind kind, List<Restriction> found)
    {
        var sentence = tokens[marker].Sentence;
        var j = start;
        // Where it must come from is what it must be: "has to be from your low-VOC Pure range".
        if (j + 1 < tokens.Count && tokens[j].Word == "from" && Articles.Contains(tokens[j + 1].Word) && tokens[j + 1].Sentence == sentence) j++;
        while (j < tokens.Count && Articles.Contains(tokens[j].Word) && tokens[j].Sentence == sentence) j++;
        var from = j;
        while (j < tokens.Count && tokens[j].Sentence == sentence && j - from < 2 && IsThing(tokens[j].Word)
               && (j == from || Qualifiers.Between(text, tokens[j - 1], tokens[j]) is " " or "-")) j++;
        if (j > from) found.Add(new Restriction(kind, Slice(text, tokens[marker], tokens[j - 1]), Words(tokens, from, j - 1), null));
    }

    // Amount ceilings (a money amount beside a ceiling word) and age bounds (under 12 with children, aged 12 and over).
    private static void Amounts(string text, List<WordToken> tokens, List<Restriction> found)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!decimal.TryParse(tokens[i].Word.Replace(",", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) continue;
            var sentence = tokens[i].Sentence;
            var first = i;
            while (first > 0 && tokens[first - 1].Sentence == sentence) first--;
            var last = i;
            while (last + 1 < tokens.Count && tokens[last + 1].Sentence == sentence) last++;
            if (IsMoney(text, tokens, i))
            {
                // The ceiling word within four words of the amount, either side.
                for (var k = Math.Max(first, i - 4); k <= Math.Min(last, i + 4); k++)
                {
                    if (k == i || !CeilingMarkers.Contains(tokens[k].Word) || (tokens[k].Word == "most" && (k == 0 || tokens[k - 1].Word != "at"))) continue;
                    var from = Math.Min(k, i);
                    var start = from == i ? MoneyStart(text, tokens[i]) : tokens[from].Start;
                    var to = tokens[Math.Max(k, i)];
                    found.Add(new Restriction(RestrictionKind.AtMost, text[start..(to.Start + to.Length)], [], n));
                    break;
                }

                continue;
            }

            if (n is < 1 or > 21) continue;
            var aboutAge = false;
            for (var k = first; k <= last && !aboutAge; k++) aboutAge = AgeWords.Contains(tokens[k].Word);
            if (!aboutAge) continue;
            if (i > 0 && tokens[i - 1].Word is "under" or "below" or "younger" && tokens[i - 1].Sentence == sentence)
                found.Add(new Restriction(RestrictionKind.MinimumAge, Slice(text, tokens[i - 1], tokens[i]), [], n));
            else if (i + 2 < tokens.Count && tokens[i + 1].Word is "and" or "or" && tokens[i + 2].Word is "over" or "older" or "above")
                found.Add(new Restriction(RestrictionKind.MinimumAge, Slice(text, tokens[i], tokens[i + 2]), [], n));
        }
    }

    private static bool IsMoney(string text, IReadOnlyList<WordToken> tokens, int i)
    {
        var start = tokens[i].Start;
        if (start > 0 && text[start - 1] is '$' or '€' or '£') return true;
        if (i > 0 && Currencies.Contains(tokens[i - 1].Word) && tokens[i - 1].Sentence == tokens[i].Sentence) return true;
        return i + 1 < tokens.Count && Currencies.Contains(tokens[i + 1].Word) && tokens[i + 1].Sentence == tokens[i].Sentence;
    }

    private static int MoneyStart(string text, WordToken amount) =>
        amount.Start > 0 && text[amount.Start - 1] is '$' or '€' or '£' ? amount.Start - 1 : amount.Start;

    /// <summary>True when the text restates the restriction (a summary that kept it, a prompt that carries it): its words, its amount.</summary>
    public static bool Holds(Restriction r, Qualifiers.WordSet words, string text) => r.Kind switch
    {
        RestrictionKind.AtMost or RestrictionKind.MinimumAge => words.HoldsAmount(r.Amount!.Value, text),
        RestrictionKind.TimeOfDay => TimeWindows.Holds(r, text),
        // The first word is what sets the thing apart ("red-eye" of "red-eye flights"; a flight alone restates nothing).
        // A form ruled out ("not as Volta credit") is restated only as ruled out: credit named beside a negation.
        RestrictionKind.Excludes when r.Written.StartsWith("not ", StringComparison.OrdinalIgnoreCase) => r.Terms.Length > 0 && RuledOut(text, r.Terms[0]),
        RestrictionKind.Excludes => r.Terms.Length > 0 && words.Contains(Qualifiers.Joined(r.Terms[0])),
        _ => Qualifiers.KeptWord(words, string.Concat(r.Terms.Select(Qualifiers.Joined))) || r.Terms.All(t => words.Contains(Qualifiers.Joined(t))),
    };

    // The word named within a few words after a negation ("not as credit", "no store credit", "rather than wallet credit").
    private static bool RuledOut(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = text.AsSpan(Math.Max(0, at - 40), at - Math.Max(0, at - 40));
            if (NegatedBefore().IsMatch(before)) return true;
        }

        return false;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:not|no|never|instead of|rather than|don't|do not|doesn't|does not)\b(?:\W+\w+){0,3}\W+$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex NegatedBefore();

    /// <summary>
    /// Where the text, in its own words, breaks the restriction: an excluded thing named without a negation (<c>shrimp
    /// paella</c> after <c>no shrimp</c>; not <c>shrimp-free</c>, <c>no shrimp</c>), a required quality negated (<c>1
    /// stop</c>, <c>non-refundable</c>), an amount above the ceiling. Null when it does not.
    /// </summary>
    public static string? BrokenIn(Restriction r, Qualifiers.WordSet words, string text)
    {
        // A time of day broken in words ("booked for 15:30") is read from the picked record, not from prose.
        if (r.Kind == RestrictionKind.TimeOfDay) return null;
        switch (r.Kind)
        {
            case RestrictionKind.Excludes:
            {
                var content = r.Terms.Where(t => t.Length >= 3).Select(Qualifiers.Joined).ToArray();
                if (content.Length == 0) return null;
                // The last word names the thing ("red-eye flights": a flight is no fault; "car rentals": both must be there).
                foreach (var at in words.Find(content[0]))
                {
                    var tokens = words.Tokens;
                    var sentence = tokens[at].Sentence;
                    if (!Offered(words, at, content[0], standIns: false)) continue;
                    var all = true;
                    foreach (var other in content.Skip(1))
                    {
                        var near = false;
                        foreach (var o in words.Find(other)) near |= tokens[o].Sentence == sentence;
                        all &= near;
                    }

                    if (all) return text[tokens[at].Start..(tokens[at].Start + tokens[at].Length)];
                }

                // A member of the kind the restriction names ("prawns" for "shellfish"), offered rather than ruled out.
                var kind = Members(r);
                if (kind.Length == 0) return null;
                var sentencesOfKind = words.Find(content[^1]).Select(at => words.Tokens[at].Sentence).ToHashSet();
                foreach (var member in kind)
                {
                    foreach (var at in words.Find(member))
                    {
                        if (!Offered(words, at, member, standIns: true) || sentencesOfKind.Contains(words.Tokens[at].Sentence)) continue;
                        var token = words.Tokens[at];
                        return text[token.Start..(token.Start + token.Length)];
                    }
                }

                return null;
            }

            case RestrictionKind.Requires:
                return Qualifiers.Contradiction(words, text, new Qualifier(r.Written, r.Terms, false, null));
            case RestrictionKind.AtMost:
            {
                var tokens = words.Tokens;
                for (var i = 0; i < tokens.Count; i++)
                {
                    if (!IsMoney(text, tokens, i)) continue;
                    if (decimal.TryParse(tokens[i].Word.Replace(",", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > r.Amount)
                        return text[MoneyStart(text, tokens[i])..(tokens[i].Start + tokens[i].Length)];
                }

                return null;
            }

            default:
                return null;
        }
    }

    /// <summary>
    /// Where an option's record (one item of a tool's list) breaks the restriction, quoted from the record as written: a
    /// flag named for an excluded thing set true (<c>"red_eye":true</c>) or for a required one set false
    /// (<c>"refundable":false</c>), a list or text naming an excluded thing (<c>"allergens":["peanuts"]</c>), a count of what
    /// a required quality negates (<c>"stops":1</c> for nonstop), a price above the ceiling. Null when it does not.
    /// </summary>
    public static string? BrokenBy(Restriction r, JsonElement option)
    {
        if (option.ValueKind != JsonValueKind.Object) return null;
        if (r.Kind == RestrictionKind.TimeOfDay) return TimeWindows.BrokenBy(r, option);
        var raw = option.GetRawText();
        var joined = r.Terms.Select(Qualifiers.Joined).ToArray();
        foreach (var p in option.EnumerateObject())
        {
            var key = JsonProperties.Key(p.Name, digits: true);
            switch (r.Kind)
            {
                case RestrictionKind.Excludes when p.Value.ValueKind == JsonValueKind.True && joined.Any(t => t.Length >= 3 && (key == t || key == string.Concat(joined))):
                // A flag named for the quality and what it is of ("step_free_access": false for "has to be step-free").
                case RestrictionKind.Requires when p.Value.ValueKind == JsonValueKind.False && (key == string.Concat(joined) || joined.Any(t => t.Length >= 5 && key == t)
                                                                                                || joined.Any(t => t.Length >= 6 && key.StartsWith(t, StringComparison.Ordinal))):
                    return JsonProperties.Written(raw, p) ?? p.Value.GetRawText();
                case RestrictionKind.Excludes when p.Value.ValueKind is JsonValueKind.Array or JsonValueKind.String && joined.Length == 1 && joined[0].Length >= 3:
                {
                    var values = p.Value.ValueKind == JsonValueKind.String ? [p.Value] : p.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).ToArray();
                    var members = Members(r);
                    foreach (var v in values)
                    {
                        var text = v.GetString()!;
                        var set = new Qualifiers.WordSet(text);
                        if (set.Find(joined[0]).Any(at => !set.NegatedAt(at, joined[0]))) return JsonProperties.Written(raw, p) ?? p.Value.GetRawText();
                        foreach (var member in members)
                        {
                            if (set.Find(member).Any(at => Offered(set, at, member, standIns: true))) return JsonProperties.Written(raw, p) ?? p.Value.GetRawText();
                        }
                    }

                    break;
                }

                case RestrictionKind.AtMost when p.Value.ValueKind == JsonValueKind.Number && AmountKeys.Any(k => key.Contains(k, StringComparison.Ordinal))
                                                && p.Value.TryGetDecimal(out var price) && price > r.Amount:
                    return JsonProperties.Written(raw, p) ?? p.Value.GetRawText();
            }
        }

        if (r.Kind == RestrictionKind.Requires)
        {
            // A field that holds the required quality itself ("weekday": "Saturday" for "has to be a Saturday") keeps it,
            // whatever the field's name says.
            foreach (var p in option.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: >= 4 } value
                    && Array.Exists(r.Terms, t => t.Length >= 4 && t.Equals(value, StringComparison.OrdinalIgnoreCase))) return null;
            }

            var words = new Qualifiers.WordSet(raw);
            return Qualifiers.Contradiction(words, raw, new Qualifier(r.Written, r.Terms, false, null));
        }

        return null;
    }

    /// <summary>
    /// What always belongs to the kind of thing an exclusion names as a whole (<c>shellfish</c>: shrimp, prawn, crab…;
    /// <c>gluten</c>: bread, pasta…); empty when it names a single thing or a kind not known here.
    /// </summary>
    internal static string[] Members(Restriction r)
    {
        if (r.Kind != RestrictionKind.Excludes || r.Terms.Length is 0 or > 2) return [];
        var kind = string.Join(' ', r.Terms);
        if (KindMembers.TryGetValue(kind, out var members)) return members;
        // The plural the restriction is written in ("nuts", "eggs", "tree nuts").
        return kind.EndsWith('s') && KindMembers.TryGetValue(kind[..^1], out members) ? members : [];
    }

    // Words that, within three words before a thing, say it is left out, replaced or the restriction itself ("I skipped the
    // prawns", "instead of butter", "since you are allergic to shellfish"), and words after it that make it the restriction
    // ("your shellfish allergy").
    private static readonly HashSet<string> LeftOut = new(StringComparer.Ordinal)
    {
        "avoid", "avoided", "avoiding", "skip", "skipped", "skipping", "omit", "omitted", "leave", "left", "instead", "replace", "replaced",
        "replacing", "swap", "swapped", "substitute", "substituted", "exclude", "excluded", "excluding", "minus", "drop", "dropped", "hold",
        "allergic", "allergy", "intolerant", "sensitive",
    };

    private static readonly HashSet<string> RestrictionAfter = new(StringComparer.Ordinal)
    {
        "free", "substitute", "alternative", "replacement", "allergy", "allergies", "intolerance", "intolerant", "allergic",
    };

    // Words before a member that make the thing named a stand-in ("oat milk", "vegan cheese", "turkey bacon").

    private static readonly HashSet<string> StandIns = new(StringComparer.Ordinal)
    {
        "coconut", "almond", "oat", "soy", "soya", "rice", "peanut", "cocoa", "shea", "vegan", "plant", "plant-based", "cashew", "nut", "veggie",
        "vegetarian", "imitation", "mock", "faux", "tofu", "tempeh", "chickpea", "lentil", "corn", "buckwheat", "quinoa", "turkey", "apple",
    };

    // A thing named as something offered: not negated ("no prawns"), not left out ("instead of butter"), not the
    // restriction restated ("your shellfish allergy"), and for a member of a kind, not a stand-in ("oat milk",
    // "gluten-free bread"; a stand-in is no excuse for the thing itself: "rice noodles" are noodles).
    private static bool Offered(Qualifiers.WordSet words, int at, string thing, bool standIns)
    {
        var tokens = words.Tokens;
        if (words.NegatedAt(at, thing) || tokens[at].Word.EndsWith("-free", StringComparison.Ordinal)) return false;
        if (at + 1 < tokens.Count && tokens[at + 1].Sentence == tokens[at].Sentence && RestrictionAfter.Contains(tokens[at + 1].Word)) return false;
        if (standIns && at > 0 && tokens[at - 1].Sentence == tokens[at].Sentence
                   && (StandIns.Contains(tokens[at - 1].Word) || tokens[at - 1].Word.EndsWith("-free", StringComparison.Ordinal))) return false;
        for (var k = at - 1; k >= 0 && k >= at - 3 && tokens[k].Sentence == tokens[at].Sentence; k--)
        {
            if (LeftOut.Contains(tokens[k].Word)) return false;
        }

        return true;
    }
}
