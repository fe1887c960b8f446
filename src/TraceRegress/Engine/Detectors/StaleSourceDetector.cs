using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A source out of date for the question: a retrieved document or a tool's record that dates itself (effective, as of,
/// last updated, indexed, published; valid until, expires) long before the time the question is about, whose price,
/// rate or percentage the answer then gives as current. The time the question is about is the latest date the task
/// names, or the time the run started when the task names none or asks about the present ("now", "current", "this
/// year"); a task that names no date and is put in the past ("what did it cost") sets no time, and nothing is read as
/// out of date. "Long before" is <see cref="AttributionOptions.StaleSourceAge"/> (a year by default), or any time after a
/// stated end of validity.
/// <para>
/// When nothing fresher was retrieved, the retrieval brought back outdated information: Poor Information Retrieval, cited
/// at the span that returned the document. When a fresher source of the same kind of figure was in what the answering
/// call had, the call took the wrong one: Tool Output Misinterpretation, cited at that call. A dated source whose figures
/// the answer does not use, and figures other than money and percentages (a period, a count), are not findings. Only
/// the sources the answers' figures were first seen in are read (a fresher source is looked for among them), so the
/// rule costs nothing on a run whose answers state no price.
/// </para>
/// </summary>
internal sealed partial class StaleSourceDetector : IDetector
{
    private const string Month = "(?<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

    private const string DatePattern =
        @"\b(?<y>(?:19|20)\d{2})-(?<m>\d{2})(?:-(?<d>\d{2}))?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b"
        // A range of days in one month ("July 14-16, 2025", "14–16 July 2025") is read at its last day.
        + @"|\b" + Month + @"\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*[-–]\s*(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>(?:19|20)\d{2})\b"
        + @"|\b\d{1,2}(?:st|nd|rd|th)?\s*[-–]\s*(?<d>\d{1,2})(?:st|nd|rd|th)?\s+" + Month + @"\.?,?\s+(?<y>(?:19|20)\d{2})\b"
        + @"|\b(?<d>\d{1,2})(?:st|nd|rd|th)?\s+" + Month + @"\.?,?\s+(?<y>(?:19|20)\d{2})\b"
        + @"|\b" + Month + @"\.?\s+(?:(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+)?(?<y>(?:19|20)\d{2})\b"
        + @"|\b(?<y>(?:19|20)\d{2})\b";

    [GeneratedRegex(DatePattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateIn();

    [GeneratedRegex(@"^(?:" + DatePattern + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WholeDate();

    // A date a text gives itself, in prose: "effective 1 February 2024", "Last updated: March 2024", "valid until 2024-12-31".
    [GeneratedRegex(@"\b(?<kind>effective(?:\s+(?:from|as\s+of|date))?|as\s+of|current\s+as\s+of|last\s+updated|updated(?:\s+on)?|last\s+(?:revised|modified|reviewed)|revised|published(?:\s+on)?|indexed(?:\s+(?:on|at))?|valid\s+(?:from|until|till|through|thru|to)|expires?(?:\s+on)?|expiry(?:\s+date)?)\s*[:\-]?\s*(?:on\s+)?(?<date>"
                    + @"(?:19|20)\d{2}-\d{2}(?:-\d{2})?|\d{1,2}(?:st|nd|rd|th)?\s+" + Month + @"\.?,?\s+(?:19|20)\d{2}|" + Month + @"\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d{2}|(?:19|20)\d{2})\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DatedProse();

    // A period of validity written out in full: "valid 1 April 2023 to 31 March 2024", "valid from 2024-01-01 until 2024-12-31".
    private const string ProseDate = @"(?:19|20)\d{2}-\d{2}(?:-\d{2})?|\d{1,2}(?:st|nd|rd|th)?\s+" + Month + @"\.?,?\s+(?:19|20)\d{2}|" + Month + @"\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d{2}";

    [GeneratedRegex(@"\bvalid\s+(?:from\s+)?(?<from>" + ProseDate + @")\s*(?:to|until|till|through|thru|[-–])\s*(?<until>" + ProseDate + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ValidPeriod();

    [GeneratedRegex(@"\b(?:now|nowadays|currently|current|today|at the moment|these days|this (?:year|month|week)|latest|still|as of today|right now)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AboutThePresent();

    [GeneratedRegex(@"\b(?:was|were|did|had|used to|back (?:in|then)|originally|historically|at the time|in the past|formerly)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AboutThePast();

    // Keys (letters only, lower case) that say when a record's content was true or taken, and when it stops being true.
    private static readonly HashSet<string> FreshKeys = new(StringComparer.Ordinal)
    {
        "effective", "effectivedate", "effectivefrom", "effectiveon", "validfrom", "asof", "asofdate", "dataasof", "lastupdated", "lastupdatedat",
        "updated", "updatedat", "updatedon", "lastmodified", "modified", "modifiedat", "dateupdated", "datemodified", "indexedat", "indexed",
        "indexedon", "published", "publishedat", "publishedon", "publicationdate", "datepublished", "crawledat", "fetchedat", "snapshotdate", "revised",
        "revisedat", "lastrevised", "lastreviewed", "reviewedat",
    };

    private static readonly HashSet<string> UntilKeys = new(StringComparer.Ordinal)
    {
        "validuntil", "validto", "validthrough", "validthru", "validtill", "expires", "expiresat", "expireson", "expiry", "expirydate", "expirationdate",
        "expiration", "effectiveuntil", "effectiveto",
    };

    // A source's text is read only when it holds one of these.
    private static readonly SearchValues<string> Cues = SearchValues.Create(
        ["effective", "as of", "as_of", "asof", "updated", "modified", "revised", "reviewed", "indexed", "published", "publication", "valid", "expir", "crawled", "fetched", "snapshot",
         "supersed", "obsolete", "withdrawn", "archived", "retired", "deprecated", "replaced", "current"],
        StringComparison.OrdinalIgnoreCase);

    public const string DetectorId = "stale-source";

    public string Id => DetectorId;

    public int Priority => 56;


    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var facts = context.Facts;
        // Where the prices and percentages the model calls state came from: the first span each was seen in, when that
        // is a tool or retriever. Only those are read for a date; a dated page no answer took a figure from is no finding.
        var from = new List<Span>();
        var seen = new HashSet<int>();
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall) continue;
            foreach (var s in facts.StatedBy(g.Span))
            {
                // Prices and percentages go out of date with time; any figure of a rule or measure goes out of date with
                // a source marked superseded (read below only for those).
                if (!s.Supported || !(Priced(s.Fact) || Figure(s.Fact)) || facts.FirstSeen(s.Fact) is not { } first) continue;
                var origin = view[first.Span];
                if (origin.IsModelCall || origin.Operation == GenAiOperation.InvokeAgent) continue;
                if (seen.Add(first.Span.Index)) from.Add(first.Span);
            }
        }

        if (from.Count == 0) yield break;
        from.Sort((a, b) => view.Rank(a).CompareTo(view.Rank(b)));
        var sources = new List<Dated>();
        foreach (var span in from)
        {
            var texts = facts.TextsOf(span);
            foreach (var text in texts)
            {
                if (text.Text.Length < 16 || text.Text.AsSpan().IndexOfAny(Cues) < 0) continue;
                var before = sources.Count;
                Read(span, text, sources);
                if (sources.Count == before + 1 && Item(text.Source) is { } item)
                {
                    // One item of a flattened list (retrieval.documents.0.document.metadata): the item is its texts together.
                    var whole = string.Join('\n', texts.Where(t => Item(t.Source) == item).Select(t => t.Text));
                    sources[^1] = sources[^1] with { Text = whole };
                }
            }
        }

        if (sources.Count == 0) yield break;
        // A source marked superseded is out of date whenever the question is; a dated one only against the question's time.
        var reference = Reference(context);
        var age = context.Options.StaleSourceAge;
        foreach (var stale in sources)
        {
            // An offer's end of validity is how long it may be accepted: it is read against when the run took place.
            var against = stale.Offer && stale.Until is not null ? Started(context.Trace) : reference;
            var outOfDate = stale.Superseded || (against is { } at && (stale.Until is { } until ? until.Date < at.Date : stale.Fresh.Date < at.Date.AddDays(-age.TotalDays)));
            if (!outOfDate) continue;
            if (Taken(context, stale) is not { } taken) continue;
            var (call, fact) = taken;
            var rank = view.Rank(call.Span);
            var fresher = sources.FirstOrDefault(other => !ReferenceEquals(other, stale) && !other.Superseded && other.Until is null && other.Fresh > stale.Fresh
                                                           && (reference is not { } recent || other.Fresh.Date >= recent.Date.AddDays(-age.TotalDays)) && view.Rank(other.Span) < rank
                                                           && context.Facts.FactsOf(other.Text).Any(f => f.Kind == FactKind.Number && (f.Dimension == fact.Dimension || f.Dimension.Length == 0)));
            var dated = stale.Superseded ? $"marked out of date ({stale.DateQuote})" : stale.Until is not null ? $"valid until {stale.DateWritten}" : $"dated {stale.DateWritten}";
            var when = reference?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
            var evidence = new List<Evidence>
            {
                new(stale.Span.SpanId, stale.Source, stale.DateQuote),
                new(call.Span.SpanId, SourceOf(context, call, fact), fact.Written),
            };
            var about = stale.Superseded ? "" : $" for a question about {when}";
            if (fresher is null)
            {
                yield return context.CreateFinding(this, stale.Span, "Poor Information Retrieval",
                    $"{stale.Span.Name} returned a source {dated}{about}, and nothing newer; the answer {call.Span.Name} gave its figure {fact.Written} as current.",
                    evidence, 0.6) with { Basis = AttributionBasis.Inference };
            }
            else
            {
                evidence.Add(new Evidence(fresher.Span.SpanId, fresher.Source, fresher.DateQuote));
                yield return context.CreateFinding(this, call.Span, "Tool Output Misinterpretation",
                    $"{call.Span.Name} gave {fact.Written} from a source {dated} although one dated {fresher.DateWritten} was in what it read{(stale.Superseded ? "" : $", for a question about {when}")}.",
                    evidence, 0.6) with { Basis = AttributionBasis.Inference };
            }

            yield break;
        }
    }

    /// <summary>A dated source: its text (a document of a list, or a whole result), the date it gives itself and where.</summary>
    // A dated source. Offer: a quote or an offer (its record has a quote_id, an offer_ref), whose end of validity is a
    // deadline to accept it, not the end of what it describes.
    private sealed record Dated(Span Span, string Source, string Text, DateTime Fresh, DateTime? Until, string DateWritten, string DateQuote, bool Superseded = false, bool Offer = false);

    // Values of a record's status that say it is no longer the one in force.
    private static readonly HashSet<string> OutOfForce = new(StringComparer.Ordinal)
    {
        "superseded", "obsolete", "withdrawn", "archived", "retired", "deprecated", "expired", "replaced", "revoked", "inactive",
    };

    /// <summary>
    /// The field by which a record says it is no longer in force: a status of superseded, withdrawn, archived or the like, a
    /// "superseded_by" naming its successor, or "is_current": false. Null when it says nothing of the kind.
    /// </summary>
    private static JsonProperty? OutOfForceField(JsonElement e)
    {
        foreach (var p in e.EnumerateObject())
        {
            var key = JsonProperties.Key(p.Name);
            if (key is "supersededby" or "replacedby" or "successor" && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Trim().Length > 0) return p;
            if (key is "iscurrent" or "current" or "islatest" or "latest" && p.Value.ValueKind == JsonValueKind.False) return p;
            if ((key.EndsWith("status", StringComparison.Ordinal) || key is "state" or "lifecycle") && p.Value.ValueKind == JsonValueKind.String
                && OutOfForce.Contains(p.Value.GetString()!.Trim().ToLowerInvariant()))
            {
                return p;
            }
        }

        return null;
    }

    private static void Read(Span span, SpanText text, List<Dated> sources)
    {
        var t = text.Text.AsSpan().TrimStart();
        if (t.Length > 0 && t[0] is '{' or '[')
        {
            try
            {
                using var doc = JsonDocument.Parse(text.Text, new JsonDocumentOptions { MaxDepth = 64 });
                var before = sources.Count;
                Records(span, text, doc.RootElement, sources, 0);
                if (sources.Count > before) return;
            }
            catch (JsonException)
            {
                // Not a record after all: read as prose below.
            }
        }

        if (ValidPeriod().Match(text.Text) is { Success: true } period && Parse(period.Groups["from"].Value) is { } from && Parse(period.Groups["until"].Value) is { } end)
        {
            sources.Add(new Dated(span, text.Source, text.Text, from, end, period.Groups["until"].Value, period.Value));
            return;
        }

        foreach (Match m in DatedProse().Matches(text.Text))
        {
            if (Parse(m.Groups["date"].Value) is not { } date) continue;
            var until = m.Groups["kind"].Value.StartsWith("valid", StringComparison.OrdinalIgnoreCase) && !m.Groups["kind"].Value.EndsWith("from", StringComparison.OrdinalIgnoreCase)
                        || m.Groups["kind"].Value.StartsWith("expir", StringComparison.OrdinalIgnoreCase);
            sources.Add(new Dated(span, text.Source, text.Text, date, until ? date : null, m.Groups["date"].Value, m.Value));
            return;
        }
    }

    // Each object that dates itself is one source (a document of a list); its own text is what its figures are read from.
    private static void Records(Span span, SpanText text, JsonElement e, List<Dated> sources, int depth)
    {
        if (depth > 32) return;
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray()) Records(span, text, item, sources, depth + 1);
            return;
        }

        if (e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 1 } s && s.TrimStart() is ['{' or '[', ..])
        {
            // A record kept as a JSON string inside another (a tool result wrapped by its framework).
            try
            {
                using var inner = JsonDocument.Parse(s, new JsonDocumentOptions { MaxDepth = 64 });
                Records(span, text, inner.RootElement, sources, depth + 1);
            }
            catch (JsonException)
            {
                // Prose that starts with a bracket.
            }

            return;
        }

        if (e.ValueKind != JsonValueKind.Object) return;
        if (OutOfForceField(e) is { } marker)
        {
            var quote = JsonProperties.Quote(text.Text, marker);
            sources.Add(new Dated(span, text.Source, e.GetRawText(), DateTime.MinValue, null, quote, quote, Superseded: true));
            return;
        }

        DateTime? fresh = null, until = null;
        JsonProperty freshField = default, untilField = default;
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String) continue;
            var key = JsonProperties.Key(p.Name);
            var isUntil = UntilKeys.Contains(key);
            if (!isUntil && !FreshKeys.Contains(key)) continue;
            if (Parse(p.Value.GetString()!) is not { } date) continue;
            if (isUntil && (until is null || date < until)) (until, untilField) = (date, p);
            if (!isUntil && (fresh is null || date > fresh)) (fresh, freshField) = (date, p);
        }

        if (fresh is null && until is null)
        {
            foreach (var p in e.EnumerateObject()) Records(span, text, p.Value, sources, depth + 1);
            return;
        }

        // The date that decides, quoted as the source writes its field ("valid_until": "2025-12-31").
        var field = until is not null ? untilField : freshField;
        var written = field.Value.GetString()!;
        var offer = until is not null && e.EnumerateObject().Any(p => p.Name.Contains("quote", StringComparison.OrdinalIgnoreCase) || p.Name.Contains("offer", StringComparison.OrdinalIgnoreCase));
        sources.Add(new Dated(span, text.Source, e.GetRawText(), fresh ?? until!.Value, until, written, JsonProperties.Written(text.Text, field) ?? written, Offer: offer));
    }

    // The list item an attribute belongs to, when its key is one of a flattened list's ("retrieval.documents.0." of
    // attributes["retrieval.documents.0.document.metadata"]); null for any other source.
    private static string? Item(string source)
    {
        if (!source.StartsWith("attributes[\"", StringComparison.Ordinal)) return null;
        var key = source.AsSpan(12, source.Length - 14);
        var start = 0;
        while (start < key.Length)
        {
            var dot = key[start..].IndexOf('.');
            if (dot < 0) return null;
            var segment = key.Slice(start, dot);
            if (segment.Length > 0 && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return key[..(start + dot + 1)].ToString();
            start += dot + 1;
        }

        return null;
    }

    // The first call after the source whose answer gives, as a money amount or a percentage, a figure the source states
    // (as written there: "$12 per seat", or a record's "nightly_rate_eur": 148).
    private static (GenAiSpan Call, Fact Fact)? Taken(DetectionContext context, Dated source)
    {
        var view = context.View;
        var from = view.Rank(source.Span);
        var stated = context.Facts.FactsOf(source.Text).Where(f => f.Kind == FactKind.Number).ToArray();
        if (stated.Length == 0) return null;
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall || view.Rank(g.Span) <= from) continue;
            foreach (var s in context.Facts.StatedBy(g.Span))
            {
                // A source marked superseded is out of date in every figure it gives (a limit, a length), not in its prices alone.
                if (!Priced(s.Fact) && !(source.Superseded && Figure(s.Fact))) continue;
                if (stated.Any(f => f.Key == s.Fact.Key) || context.Facts.States(source.Text, s.Fact)) return (g, s.Fact);
            }
        }

        return null;
    }

    // A figure of a rule or a measure: a number with a unit, or of two digits or more that is no year.
    private static bool Figure(Fact f) =>
        f.Kind == FactKind.Number && (f.Dimension.Length > 0 || (f.Value >= 10 && !(f.IsBareNumber && f.Value is >= 1900 and <= 2100)));

    // A money amount or a percentage: what a price sheet, a rate card or a fee schedule states, and what goes out of date.
    private static bool Priced(Fact f) =>
        f.Kind == FactKind.Number && (f.Dimension is "%" or "$" or "€" or "£" or "¥" || (f.Dimension.Trim() is { Length: 3 } code && code.All(char.IsAsciiLetterUpper)));

    private static string SourceOf(DetectionContext context, GenAiSpan call, Fact fact)
    {
        foreach (var t in context.Facts.TextsOf(call.Span))
        {
            if (t.IsOutput && t.Text.Contains(fact.Written, StringComparison.Ordinal)) return t.Source;
        }

        return "output";
    }

    // The time the question is about: the latest date the task names; the run's start when it names none, or when it
    // asks about the present and the run started later.
    private static DateTime? Reference(DetectionContext context)
    {
        DateTime? latest = null;
        var task = context.Turns.Task?.Text;
        if (task is not null)
        {
            foreach (Match m in DateIn().Matches(task))
            {
                if (Parse(m.Value) is { } d && (latest is null || d > latest)) latest = d;
            }
        }

        var started = Started(context.Trace);
        // A question that names no time is about the present unless it is put in the past ("what did it cost").
        if (latest is null) return task is not null && AboutThePast().IsMatch(task) && !AboutThePresent().IsMatch(task) ? null : started;
        if (started is { } s && s > latest && task is not null && AboutThePresent().IsMatch(task)) return s;
        return latest;
    }

    private static DateTime? Started(AgentTrace trace)
    {
        long first = long.MaxValue;
        foreach (var span in trace.Spans)
        {
            if (span.StartTimeUnixNano > 0 && span.StartTimeUnixNano < first) first = span.StartTimeUnixNano;
        }

        if (first == long.MaxValue) return null;
        var at = DateTimeOffset.UnixEpoch.AddTicks(first / 100).UtcDateTime;
        return at.Year >= 2000 ? at : null;
    }

    /// <summary>A date written on its own: ISO (<c>2024-02-01</c>, with a time), <c>1 February 2024</c>, <c>March 2024</c>, <c>2024</c>; the first day of a month or year written without one.</summary>
    internal static DateTime? Parse(string written)
    {
        var m = WholeDate().Match(written.Trim());
        if (!m.Success) return null;
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = 1;
        if (m.Groups["m"].Success) month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        else if (m.Groups["mon"].Success) month = Facts.MonthOf(m.Groups["mon"].Value);
        var day = m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) : 1;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
    }
}
