using TraceRegress.Model;

namespace TraceRegress.Judge.Answers;

/// <summary>
/// Holds a judge's answer against the trace and the taxonomy: the cited span must exist, the category must be
/// a leaf of the taxonomy, and every quote must occur verbatim in the cited span's content. Nothing is
/// corrected: an answer either passes as given or is rejected with every reason.
/// </summary>
internal static class AnswerValidator
{
    public static ValidatedAnswer Validate(string response, AgentTrace trace, Taxonomy taxonomy)
    {
        var answer = JudgeAnswer.Parse(response, out var parseProblem);
        if (answer is null) return ValidatedAnswer.Invalid([parseProblem!]);

        if (answer.SpanId is null && answer.Category is null)
        {
            return answer.Quotes.Count == 0
                ? ValidatedAnswer.NoFailure(answer)
                : ValidatedAnswer.Invalid(["the answer cites no span but quotes evidence; cite the span the quotes come from, or give no evidence when there is no failure"]);
        }

        var problems = new List<string>();
        Span? span = null;
        if (answer.SpanId is null) problems.Add("\"spanId\" is missing: cite the span where the failure started");
        else
        {
            span = trace.FindById(answer.SpanId);
            if (span is null) problems.Add($"span '{answer.SpanId}' is not in the trace; cite a span id shown in brackets in the trace");
        }

        FailureCategory? category = null;
        if (answer.Category is null) problems.Add("\"category\" is missing: give one leaf (l4) of the taxonomy");
        else
        {
            category = taxonomy.Find(answer.Category);
            if (category is null) problems.Add($"category '{answer.Category}' is not a leaf of the taxonomy '{taxonomy.Name}'; use one of the listed names exactly");
        }

        var evidence = new List<Evidence>();
        if (answer.Quotes.Count == 0) problems.Add("\"evidence\" is empty: quote at least one passage of the cited span verbatim");
        if (span is not null)
        {
            foreach (var quote in answer.Quotes)
            {
                if (quote.Length == 0)
                {
                    problems.Add("an evidence quote is empty");
                    continue;
                }

                var source = SpanText.Locate(span, quote);
                if (source is null) problems.Add($"the quote \"{Shorten(quote)}\" does not occur verbatim in span '{span.SpanId}'");
                else evidence.Add(new Evidence(span.SpanId, source, quote));
            }
        }

        return problems.Count > 0
            ? ValidatedAnswer.Invalid(problems)
            : ValidatedAnswer.Valid(answer, span!, category!, evidence);
    }

    private static string Shorten(string quote) => quote.Length <= 120 ? quote : quote[..117] + "...";
}

/// <summary>An answer after validation: usable (a citation, or no failure) or rejected with reasons.</summary>
internal sealed record ValidatedAnswer(bool IsValid, JudgeAnswer? Answer, Span? Span, FailureCategory? Category, IReadOnlyList<Evidence> Evidence, IReadOnlyList<string> Problems)
{
    public static ValidatedAnswer Valid(JudgeAnswer answer, Span span, FailureCategory category, IReadOnlyList<Evidence> evidence) =>
        new(true, answer, span, category, evidence, []);

    public static ValidatedAnswer NoFailure(JudgeAnswer answer) => new(true, answer, null, null, [], []);

    public static ValidatedAnswer Invalid(IReadOnlyList<string> problems) => new(false, null, null, null, [], problems);
}
