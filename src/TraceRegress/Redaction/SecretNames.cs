namespace TraceRegress.Redaction;

/// <summary>How sure a name makes us that its value is a secret.</summary>
internal enum NameStrength
{
    /// <summary>The value is masked whatever it looks like (<c>password</c>, <c>api_key</c>, <c>x-api-key</c>).</summary>
    Strong,

    /// <summary>The value is masked only when it looks random (<c>key</c>, <c>signature</c>, <c>private</c>).</summary>
    Weak,
}

/// <summary>What a name says about its value: how sure, and the placeholder kind.</summary>
internal readonly record struct NameClass(NameStrength Strength, string Kind);

/// <summary>
/// Decides from a name (a JSON member, an attribute key, <c>NAME</c> in <c>NAME=value</c>, a header or a
/// command-line flag) whether its value is a secret. The name is cut into words at <c>_ - .</c>, spaces
/// and camelCase; the last secret word (key, secret, token, password, passwd, pwd, credential, auth,
/// private, signature, sas, conn, cookie…) decides, and the words after it must only qualify it
/// (<c>private_key_id</c>, <c>password_hash</c>), not turn it into something else: <c>token_count</c>,
/// <c>max_tokens</c>, <c>key_vault_name</c>, <c>password_policy</c>, <c>next_page_token</c> and
/// <c>public_key</c> are not secrets.
/// </summary>
internal static class SecretNames
{
    /// <summary>The words whose presence makes a name worth classifying; free text is searched for them.</summary>
    public static readonly string[] Words =
    [
        "key", "secret", "token", "password", "passwd", "pwd", "passphrase", "pass", "credential", "creds",
        "auth", "private", "signature", "sas", "conn", "cookie",
    ];

    // A word before "key" that makes it a credential.
    private static readonly HashSet<string> KeyPrefixes = new(StringComparer.Ordinal)
    {
        "api", "access", "secret", "private", "auth", "master", "signing", "encryption", "subscription", "account",
        "shared", "client", "app", "service", "license", "storage", "admin", "root", "deploy", "ssh", "consumer",
        "webhook", "bot", "sas", "session", "integration", "management", "primary", "secondary", "function", "host",
    };

    // Words before the secret word that make the value an identifier, a count or public data.
    private static readonly HashSet<string> NotSecretBefore = new(StringComparer.Ordinal)
    {
        "public", "publishable", "max", "min", "num", "input", "output", "prompt", "completion", "total", "cache",
        "partition", "sort", "foreign", "idempotency", "object", "routing", "row", "lookup", "dedup", "dedupe",
        "group", "lock", "map", "unique", "composite", "index", "shard", "natural", "surrogate", "next",
        "page", "continuation", "cursor", "sync", "pagination", "resume", "keyboard", "hotkey", "shortcut", "sort",
        "template", "translation", "i18n", "cached", "reasoning",
    };

    // Words after the secret word that only qualify it.
    private static readonly HashSet<string> Qualifiers = new(StringComparer.Ordinal)
    {
        "id", "value", "data", "string", "str", "b64", "base64", "hex", "raw", "pem", "json", "text", "encoded",
        "plain", "plaintext", "hash", "enc", "secret", "key", "token", "v1", "v2", "v3", "new", "old", "current",
        "prod", "production", "dev", "test", "staging",
    };

    /// <summary>The class of a name, or null when its value is not a secret by name.</summary>
    public static NameClass? Classify(ReadOnlySpan<char> name)
    {
        Span<Range> found = stackalloc Range[32];
        var count = Segment(name, found);
        if (count == 0) return null;
        var words = new string[count];
        for (var i = 0; i < count; i++) words[i] = name[found[i]].ToString().ToLowerInvariant();
        words = SplitCompounds(words);

        // "ConnectionStrings__Default", "connection_string", "connStr".
        for (var i = 0; i + 1 < words.Length; i++)
        {
            if (words[i] is "connection" or "conn" && words[i + 1] is "string" or "strings" or "str")
            {
                return new NameClass(NameStrength.Strong, "connection-string");
            }
        }

        var at = -1;
        for (var i = words.Length - 1; i >= 0; i--)
        {
            if (IsSecretWord(words[i], i, words.Length))
            {
                at = i;
                break;
            }
        }

        if (at < 0) return null;
        for (var i = 0; i < at; i++)
        {
            if (NotSecretBefore.Contains(words[i])) return null;
        }

        for (var i = at + 1; i < words.Length; i++)
        {
            if (!Qualifiers.Contains(words[i]) && !words[i].All(char.IsAsciiDigit)) return null;
        }

        var qualifiedId = at + 1 < words.Length && words[at + 1] == "id";
        var word = words[at];
        var prefixed = at > 0;
        return word switch
        {
            "password" or "passwords" or "passwd" or "pwd" or "passphrase" or "pass" => new NameClass(NameStrength.Strong, "password"),
            "secret" or "secrets" => new NameClass(NameStrength.Strong, "secret"),
            "token" => new NameClass(NameStrength.Strong, "token"),
            "credential" or "credentials" or "creds" => new NameClass(NameStrength.Strong, "credential"),
            "authorization" or "auth" => new NameClass(NameStrength.Strong, "authorization"),
            "cookie" => new NameClass(NameStrength.Strong, "cookie"),
            "conn" => new NameClass(prefixed ? NameStrength.Strong : NameStrength.Weak, "connection-string"),
            "signature" or "sig" => new NameClass(NameStrength.Weak, "signature"),
            "sas" => new NameClass(NameStrength.Weak, "sas-token"),
            "private" => new NameClass(NameStrength.Weak, "private-key"),
            "key" or "keys" when prefixed && Array.IndexOf(words, "private", 0, at) >= 0 =>
                new NameClass(NameStrength.Strong, qualifiedId ? "private-key-id" : "private-key"),
            "key" or "keys" => new NameClass(prefixed ? NameStrength.Strong : NameStrength.Weak, "api-key"),
            _ => null,
        };
    }

    private static bool IsSecretWord(string word, int index, int count) => word switch
    {
        "password" or "passwords" or "passwd" or "pwd" or "passphrase" or "secret" or "secrets" or "token" or "credential"
            or "credentials" or "creds" or "authorization" or "auth" or "cookie" or "conn" or "signature" or "sas"
            or "private" or "key" => true,
        // "keys" only as a list of credentials ("api_keys"); "pass" only as the last word after a prefix ("DB_PASS").
        "keys" => index > 0,
        "pass" => index > 0 && index == count - 1,
        "sig" => index > 0,
        _ => false,
    };

    // "apikey" → "api" "key", "authtoken" → "auth" "token", "dbpassword" → "db" "password".
    private static string[] SplitCompounds(string[] words)
    {
        List<string>? split = null;
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            string[]? parts = null;
            foreach (var tail in (string[])["token", "secret", "password", "passwd", "credentials"])
            {
                if (word.Length > tail.Length && word.EndsWith(tail, StringComparison.Ordinal)) parts = [word[..^tail.Length], tail];
            }

            if (parts is null && word.Length > 3 && word.EndsWith("key", StringComparison.Ordinal) && KeyPrefixes.Contains(word[..^3]))
            {
                parts = [word[..^3], "key"];
            }

            if (parts is null && word == "connstr") parts = ["conn", "str"];
            if (parts is null && word == "connectionstring") parts = ["connection", "string"];
            if (parts is null && word == "proxyauthorization") parts = ["proxy", "authorization"];
            if (parts is null && split is null) continue;
            split ??= [.. words[..i]];
            if (parts is null) split.Add(word);
            else split.AddRange(parts);
        }

        return split?.ToArray() ?? words;
    }

    // Words: runs of letters and digits, cut at anything else and at camelCase ("apiKey", "APIKey", "X-Api-Key").
    private static int Segment(ReadOnlySpan<char> name, Span<Range> found)
    {
        var count = 0;
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var c = i < name.Length ? name[i] : ' ';
            var letterOrDigit = char.IsLetterOrDigit(c);
            var boundary = !letterOrDigit
                           || (start >= 0 && char.IsUpper(c) && i > start
                               && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                                   || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))));
            if (boundary && start >= 0)
            {
                if (count == found.Length) return count;
                found[count++] = start..i;
                start = -1;
            }

            if (letterOrDigit && start < 0) start = i;
        }

        return count;
    }
}
