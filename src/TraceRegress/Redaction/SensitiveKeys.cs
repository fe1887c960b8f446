using System.Text.RegularExpressions;

namespace TraceRegress.Redaction;

/// <summary>
/// Attribute and property names whose whole value is a secret whatever it looks like:
/// <c>password</c>, <c>db.password</c>, <c>http.request.header.authorization</c>, <c>api_key</c>…
/// </summary>
internal static partial class SensitiveKeys
{
    /// <summary>The placeholder kind for a value stored under this name, or null when the name is not sensitive.</summary>
    public static string? KindOf(string key, IReadOnlyList<Regex> extraKeys)
    {
        foreach (var extra in extraKeys)
        {
            if (extra.IsMatch(key)) return "secret";
        }

        var match = SensitiveName().Match(key);
        if (!match.Success) return null;
        var word = match.Groups[1].Value.ToLowerInvariant();
        return word switch
        {
            "password" or "passwd" or "pwd" or "passphrase" => "password",
            "authorization" or "proxy-authorization" or "proxy_authorization" => "authorization",
            "cookie" or "set-cookie" or "set_cookie" => "cookie",
            "credential" or "credentials" => "credential",
            _ when word.Contains("key", StringComparison.Ordinal) => "api-key",
            _ when word.Contains("token", StringComparison.Ordinal) => "token",
            _ => "secret",
        };
    }

    // The sensitive word must end the name and start a segment, so "llm.token_count.prompt",
    // "max_tokens" and "oauth.provider" are not secrets while "db.password" and "x-api-key" are.
    [GeneratedRegex(@"(?i)(?:^|[^a-z0-9])((?:client[_\-]?|app[_\-]?)?secret|secret[_\-]?key|private[_\-]?key|api[_\-]?key|apikey|access[_\-]?key|x[_\-]api[_\-]key|password|passwd|pwd|passphrase|(?:access[_\-]?|refresh[_\-]?|auth[_\-]?|id[_\-]?|session[_\-]?|bearer[_\-]?)?token|authorization|proxy[_\-]authorization|cookie|set[_\-]cookie|credentials?)$", RegexOptions.CultureInvariant)]
    private static partial Regex SensitiveName();
}
