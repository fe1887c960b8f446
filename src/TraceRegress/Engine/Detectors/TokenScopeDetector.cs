using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A call refused for a missing scope (<c>insufficient_scope</c>, "token scopes [...] do not include
/// subscriptions.write", "missing required scope: repo") made with a token an earlier span obtained for scopes that do
/// not include it (<c>oauth2.scope.granted</c>, <c>oauth2.scope.requested</c>, a <c>scope</c> attribute). The call was
/// right; the token was asked for too little: Authentication Errors at the span that obtained it, quoting the scopes it
/// got and the refusal. The refusal is its symptom.
/// </summary>
internal sealed partial class TokenScopeDetector : IDetector
{
    public const string DetectorId = "token-scope";

    // The scope a refusal says was missing.
    [GeneratedRegex(@"(?:do(?:es)?(?: not|n't) include|missing(?: required)? scopes?:?|requires? (?:the )?scopes?:?|required scopes?:?|scope required:?|needs? (?:the )?scopes?:?)\s*[\[""'`]?(?<scope>[A-Za-z][\w.:/-]*[\w])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MissingScope();

    public string Id => DetectorId;

    public int Priority => 15;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        foreach (var span in context.Trace.Spans)
        {
            foreach (var text in context.Facts.TextsOf(span))
            {
                if (!text.Text.Contains("scope", StringComparison.OrdinalIgnoreCase) || MissingScope().Match(text.Text) is not { Success: true } missing) continue;
                var scope = missing.Groups["scope"].Value;
                var rank = view.Rank(span);
                // The latest span before the refusal that records the scopes of a token it obtained.
                Span? token = null;
                KeyValuePair<string, object?> granted = default;
                foreach (var s in context.Trace.Spans)
                {
                    if (view.Rank(s) >= rank || ReferenceEquals(s, span)) continue;
                    foreach (var a in s.Attributes)
                    {
                        if (!a.Key.Contains("scope", StringComparison.OrdinalIgnoreCase) || a.Value?.ToString() is not { Length: > 0 } value) continue;
                        var scopes = value.Split([' ', ',', '"', '[', ']'], StringSplitOptions.RemoveEmptyEntries);
                        if (scopes.Length == 0 || scopes.Contains(scope, StringComparer.Ordinal) || !scopes.All(x => x.Contains('.') || x.Contains(':') || x.All(char.IsLetter))) continue;
                        if (token is null || view.Rank(s) > view.Rank(token) || a.Key.Contains("granted", StringComparison.OrdinalIgnoreCase))
                        {
                            (token, granted) = (s, new KeyValuePair<string, object?>(a.Key, value));
                        }
                    }
                }

                if (token is null) continue;
                yield return context.CreateFinding(this, token, ErrorText.AuthenticationErrors,
                    $"{span.Name} was refused for want of {scope}, and {token.Name} had obtained a token for \"{granted.Value}\" only.",
                    [new Evidence(token.SpanId, GenAi.GenAiSpanReader.AttributeSource(granted.Key), granted.Value!.ToString()!), new Evidence(span.SpanId, text.Source, Quote.Cut(ErrorText.LineAround(text.Text, missing.Index)))], 0.8)
                    with { Explains = [span.SpanId] };
                yield break;
            }
        }
    }
}
