using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool asked for content got a sign-in page back: an HTML page whose title says sign in or log in, or that holds a
/// password field (an identity provider's login form in front of a wiki, a drive, an intranet). The request was not
/// authenticated, whatever status the span carries, and whatever the model later made of the page: Authentication
/// Errors, cited at the tool, quoting the page's title or its password field.
/// </summary>
internal sealed partial class SignInPageDetector : IDetector
{
    public const string DetectorId = "sign-in-page";

    [GeneratedRegex(@"<title[^>]*>(?<title>[^<]{0,120}?\b(?:sign[ -]?in|log[ -]?in|login|sign on|single sign-on|authenticat\w*|session (?:expired|timed out))\b[^<]{0,120})</title>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SignInTitle();

    [GeneratedRegex(@"<input\b[^>]*\btype\s*=\s*[""']?password\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordField();

    [GeneratedRegex(@"<!DOCTYPE\s+html|<html\b|<body\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Html();

    public string Id => DetectorId;

    public int Priority => 12;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var call in context.View.ToolCalls.Calls)
        {
            foreach (var result in call.Results)
            {
                var text = result.Text;
                if (text.Length < 40 || !Html().IsMatch(text)) continue;
                var title = SignInTitle().Match(text);
                var password = title.Success ? null : PasswordField().Match(text);
                if (!title.Success && password is not { Success: true }) continue;
                var quote = title.Success ? title.Value : password!.Value;
                var span = call.Execution?.Span ?? result.Span;
                var tool = call.Name.Length > 0 ? $"The {call.Name} tool" : "A tool";
                var what = title.Success ? $"a page titled \"{title.Groups["title"].Value.Trim()}\"" : "a page with a password field";
                yield return context.CreateFinding(this, span, "Authentication Errors",
                    $"{tool} returned a sign-in page ({what}) instead of the content asked for: the request was not authenticated.",
                    [new Evidence(result.Span.SpanId, result.Source, Quote.Cut(quote))], 0.85);
                break;
            }
        }
    }
}
