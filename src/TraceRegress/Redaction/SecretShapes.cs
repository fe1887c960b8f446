using System.Text.RegularExpressions;

namespace TraceRegress.Redaction;

/// <summary>
/// One recognisable kind of secret in free text: a regular expression and the group that holds the
/// secret itself (the rest of the match, such as <c>Bearer </c> or <c>password=</c>, stays readable).
/// </summary>
/// <param name="Kind">The name shown in the placeholder, e.g. <c>openai-key</c>.</param>
/// <param name="Pattern">The expression.</param>
/// <param name="Group">The group holding the secret; 0 for the whole match.</param>
internal sealed record SecretShape(string Kind, Regex Pattern, int Group = 0);

/// <summary>
/// The built-in secret shapes, most specific first: when two shapes claim the same text, the earlier
/// one names it (an Anthropic key is also an <c>sk-</c> key; a JWT after <c>token=</c> is still a JWT).
/// </summary>
internal static partial class SecretShapes
{
    public static IReadOnlyList<SecretShape> BuiltIn { get; } =
    [
        new("private-key", PrivateKeyBlock()),
        new("anthropic-key", AnthropicKey()),
        new("openai-key", OpenAiKey()),
        new("stripe-key", StripeKey()),
        new("aws-access-key", AwsAccessKey()),
        new("github-token", GitHubToken()),
        new("slack-token", SlackToken()),
        new("google-api-key", GoogleApiKey()),
        new("google-oauth-token", GoogleOAuthToken()),
        new("huggingface-token", HuggingFaceToken()),
        new("gitlab-token", GitLabToken()),
        new("sendgrid-key", SendGridKey()),
        new("npm-token", NpmToken()),
        new("groq-key", GroqKey()),
        new("xai-key", XaiKey()),
        new("slack-webhook", SlackWebhook(), 1),
        new("azure-key", AzureConnectionKey(), 1),
        new("sas-signature", SharedAccessSignature(), 1),
        new("jwt", JsonWebToken()),
        new("url-password", UrlCredentials(), 1),
        new("bearer-token", BearerToken(), 1),
        new("basic-auth", BasicAuth(), 1),
        new("password", PasswordAssignment(), 1),
        new("secret", SecretAssignment(), 1),
        new("email", EmailAddress()),
    ];

    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"\bsk-ant-[A-Za-z0-9_\-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex AnthropicKey();

    // Legacy keys are sk- and 48 alphanumerics; project, service-account and admin keys add a prefix and use - and _.
    [GeneratedRegex(@"\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9\-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_\-]{35}", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"\bya29\.[0-9A-Za-z_\-]{12,}", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleOAuthToken();

    [GeneratedRegex(@"\bhf_[A-Za-z0-9]{30,}", RegexOptions.CultureInvariant)]
    private static partial Regex HuggingFaceToken();

    // Personal, project, group and deploy tokens: glpat-, glptt-, gldt-, glrt-…
    [GeneratedRegex(@"\bgl(?:pat|ptt|dt|rt|cbt|imt|agent|oas)-[A-Za-z0-9_\-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabToken();

    [GeneratedRegex(@"\bSG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{30,}", RegexOptions.CultureInvariant)]
    private static partial Regex SendGridKey();

    [GeneratedRegex(@"\bnpm_[A-Za-z0-9]{36}\b", RegexOptions.CultureInvariant)]
    private static partial Regex NpmToken();

    [GeneratedRegex(@"\bgsk_[A-Za-z0-9]{40,}", RegexOptions.CultureInvariant)]
    private static partial Regex GroqKey();

    [GeneratedRegex(@"\bxai-[A-Za-z0-9]{40,}", RegexOptions.CultureInvariant)]
    private static partial Regex XaiKey();

    // Whoever holds the path of an incoming webhook can post to the channel; the host stays readable.
    [GeneratedRegex(@"hooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9_/\-]{20,})", RegexOptions.CultureInvariant)]
    private static partial Regex SlackWebhook();

    // Azure storage, Service Bus and Event Hubs connection strings.
    [GeneratedRegex(@"(?i)\b(?:AccountKey|SharedAccessKey|SharedAccessSignature)\s*=\s*([^;\s""']+)", RegexOptions.CultureInvariant)]
    private static partial Regex AzureConnectionKey();

    // The signature of a shared-access URL grants what the URL says; the rest of the query stays readable.
    [GeneratedRegex(@"[?&]sig=([A-Za-z0-9%+/=_\-]{16,})", RegexOptions.CultureInvariant)]
    private static partial Regex SharedAccessSignature();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex JsonWebToken();

    // scheme://user:password@host: the password is the secret; the user and host stay readable.
    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s""'<>]+:([^@/\s""'<>]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"\b[Bb]earer\s+([A-Za-z0-9\-._~+/]{8,}=*)", RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"\b[Bb]asic\s+([A-Za-z0-9+/]{8,}={0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex BasicAuth();

    // password=…, Password=…; (connection strings), pwd: … — up to the next separator.
    [GeneratedRegex(@"(?i)\b(?:password|passwd|pwd|passphrase)[""']?\s*[=:]\s*[""']?([^\s;,""'&]+)", RegexOptions.CultureInvariant)]
    private static partial Regex PasswordAssignment();

    [GeneratedRegex(@"(?i)\b(?:secret|client_secret|api[_\-]?key|access[_\-]?token|auth[_\-]?token|refresh[_\-]?token|token|secret[_\-]?key|access[_\-]?key)[""']?\s*[=:]\s*[""']?([^\s;,""'&]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SecretAssignment();

    // Local parts and domains may hold any letters (joão@exemplo.com.br), not only ASCII.
    [GeneratedRegex(@"\b[\p{L}\p{M}\p{N}._%+\-]+@[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}\-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}\-]*[\p{L}\p{N}])?)*\.\p{L}{2,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();
}
