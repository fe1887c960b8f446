using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Text;

/// <summary>
/// Recognises failure text (tool results, exception messages, status descriptions) and says which
/// TRAIL leaf it points at. The patterns follow what services and runtimes actually print.
/// </summary>
internal static partial class ErrorText
{
    public const string RateLimiting = "Rate Limiting";
    public const string AuthenticationErrors = "Authentication Errors";
    public const string ResourceNotFound = "Resource Not Found";
    public const string ServiceErrors = "Service Errors";
    public const string TimeoutIssues = "Timeout Issues";
    public const string EnvironmentSetupErrors = "Environment Setup Errors";
    public const string ContextHandlingFailures = "Context Handling Failures";
    public const string ResourceExhaustion = "Resource Exhaustion";

    [GeneratedRegex(@"ModuleNotFoundError|No module named|ImportError|command not found|is not recognized as an internal or external command|Permission denied|EACCES|Cannot find module|cannot open shared object file|(?:environment variable|env var)\b[^.\n]{0,60}?\b(?:not set|is missing|missing|undefined|not defined|not found)|missing (?:required )?(?:environment variable|env var|api key)|api[_ ]?key\b[^.\n]{0,30}?\b(?:not set|missing|not found|not provided|is required|required)|\b[A-Z][A-Z0-9_]*_(?:API_KEY|TOKEN|SECRET)\b[^.\n]{0,40}?\b(?:not set|missing|undefined|required|not found)|executable file not found|No such file or directory: '?/(?:usr|bin|opt)|\b(?:is|are|was) not configured\b|\b(?:unconfigured|misconfigured)\b|\bno (?:provider|credentials|connection string|endpoint) (?:is )?configured\b", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentPattern();

    [GeneratedRegex(@"\b429\b|rate[ _-]?limit|too many requests|quota (?:exceeded|exhausted)|exceeded (?:your|the) (?:current )?quota|RESOURCE_EXHAUSTED|throttl", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RateLimitPattern();

    [GeneratedRegex(@"context[_ ]length[_ ]exceeded|maximum context length|context window (?:exceeded|is full|overflow)|prompt is too long|input is too long|too many (?:input )?tokens", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContextPattern();

    [GeneratedRegex(@"\b40[13]\b|unauthori[sz]ed|forbidden|authentication (?:failed|error|required)|AuthenticationError|invalid[_ ]api[_ ]key|incorrect api key|access denied|not authori[sz]ed|PERMISSION_DENIED|PermissionDenied|UNAUTHENTICATED|invalid (?:access )?token|(?:token|credentials?) (?:has )?expired|expired (?:token|credentials?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthPattern();

    [GeneratedRegex(@"\b(?:408|504)\b|timed? ?out|timeout|deadline exceeded|DEADLINE_EXCEEDED|ETIMEDOUT|took too long", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeoutPattern();

    [GeneratedRegex(@"\b(?:404|410)\b|not found|no such (?:file|key|table|resource|user|repository|bucket|object)|does not exist|doesn't exist|NOT_FOUND|NotFound|FileNotFoundError|ENOENT|unknown (?:resource|file|path|repository)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotFoundPattern();

    [GeneratedRegex(@"Traceback \(most recent call last\)|\bindex out of (?:range|bounds)\b|\b[A-Z]\w*(?:Error|Exception)\b(?::|\s*\()|\bException:|(?:^|\n)\s*(?:error|fatal|ERROR|FATAL)\b\s*[:\[]|\bpanic:|\bfailed to\b|\bInternal Server Error\b|\bSegmentation fault\b|\bcommand not found\b|\bNo module named\b|\bPermission denied\b|\bstatus(?:[ _]?code)?\W{1,3}[45]\d\d\b|\bHTTP(?:/\d(?:\.\d)?)?\s+[45]\d\d\b|\b[45]\d\d (?:Too Many Requests|Unauthorized|Forbidden|Not Found|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b|\btimed out\b|\brate limit(?:ed)? exceeded\b|\[Errno \d+\]|\bNo space left on device\b|\bENOSPC\b|\bENOMEM\b|\bCannot allocate memory\b|\b[Oo]ut of memory\b|\b[Dd]isk quota exceeded\b", RegexOptions.CultureInvariant)]
    internal static partial Regex ErrorLinePattern();

    [GeneratedRegex(@"No space left on device|ENOSPC|Errno 28\b|disk quota exceeded|disk (?:is )?full|out of (?:disk|storage) space|insufficient (?:disk|storage) space|out of memory|OutOfMemory|MemoryError|Cannot allocate memory|ENOMEM|OOMKilled|exit code 137\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExhaustionPattern();

    [GeneratedRegex(@"\b(?:errors?|fail(?:ed|s|ure)?|unable|could ?n[o']t|can(?:no|')t|unavailable|sorry|apologi[sz]e|unfortunately|problem|rate[ -]?limit(?:ed)?|try(?:ing)? again|retry(?:ing)?|not found|denied|timed out|timeout|did not (?:return|work|succeed)|didn't (?:return|work|succeed)|was(?: not|n't) able|not available|no access|exception|invalid|went wrong)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AcknowledgementPattern();

    // Literal text every match of a pattern must contain (the patterns are case-sensitive where these are): text
    // holding none of them cannot match, and is passed over by one vectorised search instead of the regex.
    private static readonly System.Buffers.SearchValues<string> ErrorLineLiterals = System.Buffers.SearchValues.Create(
        ["Traceback", "index out of", "Error", "Exception", "error", "fatal", "ERROR", "FATAL", "panic:", "failed to", "Segmentation fault",
         "command not found", "No module named", "Permission denied", "HTTP", "Too Many Requests", "Unauthorized", "Forbidden",
         "Not Found", "Bad Gateway", "Service Unavailable", "Gateway Timeout", "timed out", "rate limit", "[Errno ", "No space left on device",
         "ENOSPC", "ENOMEM", "Cannot allocate memory", "out of memory", "Out of memory", "isk quota exceeded"],
        StringComparison.Ordinal);

    private static readonly System.Buffers.SearchValues<string> EnvironmentLiterals = System.Buffers.SearchValues.Create(
        ["ModuleNotFoundError", "No module named", "ImportError", "command not found", "is not recognized as an internal or external command",
         "Permission denied", "EACCES", "Cannot find module", "cannot open shared object file", "environment variable", "env var", "api",
         "_API_KEY", "_TOKEN", "_SECRET", "executable file not found", "No such file or directory: ", "configured"],
        StringComparison.Ordinal);

    /// <summary>The leaf a failure text points at; <see cref="ServiceErrors"/> when it names nothing more specific.</summary>
    public static string Classify(string text)
    {
        if (EnvironmentPattern().IsMatch(text)) return EnvironmentSetupErrors;
        // A full disk or exhausted memory before a rate limit: "quota exceeded" after "disk" is the disk's.
        if (ExhaustionPattern().IsMatch(text)) return ResourceExhaustion;
        if (RateLimitPattern().IsMatch(text)) return RateLimiting;
        if (ContextPattern().IsMatch(text)) return ContextHandlingFailures;
        if (AuthPattern().IsMatch(text)) return AuthenticationErrors;
        if (TimeoutPattern().IsMatch(text)) return TimeoutIssues;
        if (NotFoundPattern().IsMatch(text)) return ResourceNotFound;
        return ServiceErrors;
    }

    /// <summary>The first environment failure in the text (a missing module, command, permission, variable or key).</summary>
    public static Match? FindEnvironmentFailure(string text)
    {
        if (text.AsSpan().IndexOfAny(EnvironmentLiterals) < 0) return null;
        var m = EnvironmentPattern().Match(text);
        return m.Success ? m : null;
    }

    /// <summary>The first timeout wording in the text.</summary>
    public static Match? FindTimeout(string text)
    {
        var m = TimeoutPattern().Match(text);
        return m.Success ? m : null;
    }

    /// <summary>False when the text cannot hold error wording (<see cref="FindErrorText"/> finds nothing in it or in any part of it).</summary>
    public static bool MayHoldErrorText(string text) => text.AsSpan().IndexOfAny(ErrorLineLiterals) >= 0 || MayHoldErrorStatus(text);

    // "status" is everywhere in JSON ("status": "ok"); the pattern only wants it before a 4xx or 5xx code
    // (\bstatus(?:[ _]?code)?\W{1,3}[45]\d\d). True wherever that can match, so the gate never hides a match.
    private static bool MayHoldErrorStatus(string text)
    {
        var span = text.AsSpan();
        for (var at = span.IndexOf("status", StringComparison.Ordinal); at >= 0;)
        {
            var after = at + "status".Length;
            if (CodeFollows(span, after)) return true;
            var code = after < span.Length && span[after] is ' ' or '_' ? after + 1 : after;
            if (span[code..].StartsWith("code", StringComparison.Ordinal) && CodeFollows(span, code + 4)) return true;
            var next = span[after..].IndexOf("status", StringComparison.Ordinal);
            at = next < 0 ? -1 : after + next;
        }

        return false;
    }

    // One to three characters that are not word characters, then a 4 or a 5 and two digits.
    private static bool CodeFollows(ReadOnlySpan<char> text, int at)
    {
        for (var skipped = 1; skipped <= 3 && at + skipped + 2 < text.Length; skipped++)
        {
            if (IsWordChar(text[at + skipped - 1])) return false;
            var digits = at + skipped;
            if (text[digits] is '4' or '5' && char.IsAsciiDigit(text[digits + 1]) && char.IsAsciiDigit(text[digits + 2])) return true;
        }

        return false;
    }

    // The regular expression's \w: letters, decimal digits, connector punctuation and non-spacing marks.
    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.ConnectorPunctuation;

    /// <summary>The first error wording in free text (a traceback, an exception line, an error status).</summary>
    // A tool's answer that opens by saying it is an error ("Error: allergen service did not respond", LangChain's and many
    // tools' convention); not Microsoft.Extensions.AI's "Error: Function failed.", which says nothing of what failed.
    [GeneratedRegex(@"\A\s*Error:\s+(?!Function failed\.)\S", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorOpeningPattern();

    /// <summary>
    /// Error wording in a tool's answer: <see cref="FindErrorText"/>, or an answer that opens with "Error:". The opening
    /// counts only for a whole answer or one field's value, not for a line of a log or list the tool returned.
    /// </summary>
    public static Match? FindToolErrorText(string text)
    {
        // The pattern is tried only where it can match: text that opens with "Error:" (a cheap test on every field).
        if (text.AsSpan().TrimStart().StartsWith("Error:", StringComparison.Ordinal) && ErrorOpeningPattern().Match(text) is { Success: true } opening) return opening;
        return FindErrorText(text);
    }

    public static Match? FindErrorText(string text)
    {
        if (!MayHoldErrorText(text)) return null;
        var m = ErrorLinePattern().Match(text);
        return m.Success ? m : null;
    }

    /// <summary>True when a model's answer mentions that something went wrong.</summary>
    public static bool Acknowledges(string text) => AcknowledgementPattern().IsMatch(text);

    /// <summary>The line of <paramref name="text"/> holding <paramref name="at"/>, trimmed and cut to a readable length.</summary>
    public static string LineAround(string text, int at, int max = 200)
    {
        at = Math.Clamp(at, 0, Math.Max(0, text.Length - 1));
        var start = text.LastIndexOf('\n', Math.Max(0, at - 1) ) + 1;
        if (start > at) start = 0;
        var end = text.IndexOf('\n', at);
        if (end < 0) end = text.Length;
        var line = text[start..end].Trim();
        return Quote.Cut(line, max);
    }
}

/// <summary>Keeps evidence verbatim: quotes are cut, never rewritten, so they stay findable in the span.</summary>
internal static class Quote
{
    public static string Cut(string text, int max = 200)
    {
        text = text.Trim();
        if (text.Length <= max) return text;
        var cut = max;
        // Never split a surrogate pair.
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut].TrimEnd();
    }
}
