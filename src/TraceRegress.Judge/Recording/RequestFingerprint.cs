using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TraceRegress.Judge.Prompt;
using TraceRegress.Model;

namespace TraceRegress.Judge.Recording;

/// <summary>
/// What a recorded verdict answered: hashes of the trace's content, of the taxonomy and of the full prompt,
/// the prompt version and the model. Their combined hash identifies the request; when a recording's parts
/// differ from the current ones, the changed parts say why it is stale.
/// </summary>
internal sealed record RequestFingerprint(string PromptVersion, string Model, string TaxonomyName, string TaxonomyHash, string TraceHash, string PromptHash)
{
    public string Hash => Sha256(string.Join("\n", "traceregress-judge-request", PromptVersion, Model, TaxonomyHash, TraceHash, PromptHash));

    public static RequestFingerprint Of(AgentTrace trace, JudgeRequest request, string model, Taxonomy taxonomy, string promptVersion) =>
        new(promptVersion, model, taxonomy.Name, TaxonomyHashOf(taxonomy), TraceHashOf(trace), Sha256(request.System + "\n\u0000\n" + request.User + "\n\u0000\n" + JudgePrompt.Schema));

    /// <summary>The reasons a recording made for <paramref name="recorded"/> does not answer this request; empty when it does.</summary>
    public IReadOnlyList<string> Differences(RequestFingerprint recorded)
    {
        var reasons = new List<string>();
        if (recorded.TraceHash != TraceHash) reasons.Add("the trace's content changed");
        if (recorded.PromptVersion != PromptVersion) reasons.Add($"the prompt version changed ({recorded.PromptVersion} → {PromptVersion})");
        if (!string.Equals(recorded.Model, Model, StringComparison.Ordinal)) reasons.Add($"the model changed ({recorded.Model} → {Model})");
        if (recorded.TaxonomyHash != TaxonomyHash) reasons.Add($"the taxonomy changed ({recorded.TaxonomyName} → {TaxonomyName})");
        if (reasons.Count == 0 && recorded.PromptHash != PromptHash) reasons.Add("the prompt changed (the rules' hints, the token budget or the rendering of the trace)");
        return reasons;
    }

    /// <summary>
    /// A hash of everything a trace says, in the loaded order (which does not depend on the order of spans in
    /// the file): ids, names, kinds, times, status, attributes, events and links.
    /// </summary>
    internal static string TraceHashOf(AgentTrace trace)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string? text)
        {
            var bytes = Encoding.UTF8.GetBytes(text ?? "\u0001null");
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        void AddAttributes(AttributeSet attributes)
        {
            Add(attributes.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var (key, value) in attributes)
            {
                Add(key);
                Add(value.ToJson());
            }
        }

        Add(trace.TraceId);
        foreach (var span in trace.Spans)
        {
            Add(span.SpanId);
            Add(span.ParentSpanId);
            Add(span.Name);
            Add(span.Kind.ToString());
            Add(span.StartTimeUnixNano.ToString(CultureInfo.InvariantCulture));
            Add(span.DurationNanos.ToString(CultureInfo.InvariantCulture));
            Add(span.Status.Code.ToString());
            Add(span.Status.Message);
            AddAttributes(span.Attributes);
            Add(span.Events.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var e in span.Events)
            {
                Add(e.Name);
                Add(e.Timestamp?.UtcTicks.ToString(CultureInfo.InvariantCulture));
                AddAttributes(e.Attributes);
            }

            Add(span.Links.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var link in span.Links)
            {
                Add(link.TraceId);
                Add(link.SpanId);
                AddAttributes(link.Attributes);
            }
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    internal static string TaxonomyHashOf(Taxonomy taxonomy)
    {
        var builder = new StringBuilder(taxonomy.Name).Append('\n');
        foreach (var leaf in taxonomy.Categories)
        {
            builder.Append(leaf.L1).Append('\t').Append(leaf.L2).Append('\t').Append(leaf.L3).Append('\t').Append(leaf.L4).Append('\t')
                .Append(taxonomy.Describe(leaf.L4)).Append('\n');
        }

        foreach (var (from, to) in taxonomy.Remapped.OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase))
        {
            builder.Append(from).Append(" => ").Append(to.L1).Append('\t').Append(to.L2).Append('\t').Append(to.L3).Append('\t').Append(to.L4).Append('\n');
        }

        return Sha256(builder.ToString());
    }

    internal static string Sha256(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
