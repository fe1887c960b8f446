using System.Reflection;
using System.Runtime.InteropServices;

namespace TraceRegress.Replay.Tests;

/// <summary>
/// The adapters import <c>TraceRegress</c> into every test file, and users import its other namespaces beside
/// the ones a .NET test or agent project already has. No public type name may be ambiguous there (CS0104).
/// </summary>
public sealed class PublicNamesTests
{
    // Namespaces a test file of an instrumented agent commonly imports.
    private static readonly string[] TheirNamespaces =
    [
        "System", "System.Diagnostics", "System.Diagnostics.Tracing", "System.Diagnostics.Metrics", "System.Text.Json",
        "OpenTelemetry.Trace", "Microsoft.Extensions.AI",
    ];

    private static readonly Assembly[] OurAssemblies =
    [
        typeof(AgentTrace).Assembly,
        typeof(TraceRegress.Xunit.Assert).Assembly,
        typeof(TraceRegress.Capture.TraceCapture).Assembly,
        typeof(ReplayChatClient).Assembly,
    ];

    [Fact]
    public void No_public_type_of_ours_clashes_with_System_Diagnostics_OpenTelemetry_or_Microsoft_Extensions_AI()
    {
        var theirs = TheirTypeNames();
        Assert.Contains("System.Diagnostics.Trace", theirs.Values.SelectMany(v => v));      // the scan sees the framework
        Assert.Contains("OpenTelemetry.Trace.SpanKind", theirs.Values.SelectMany(v => v));  // and OpenTelemetry's API
        Assert.Contains("Microsoft.Extensions.AI.ChatMessage", theirs.Values.SelectMany(v => v));

        var ours = OurAssemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsNested && t.Namespace is not null && t.Namespace.StartsWith("TraceRegress", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(ours, t => t.FullName == "TraceRegress.AgentTrace");

        // The root namespace is imported everywhere; every other one must at least sit beside System.Diagnostics.
        var clashes = new List<string>();
        foreach (var type in ours)
        {
            var name = SimpleName(type);
            var against = type.Namespace == "TraceRegress" || type.Namespace!.Split('.').Length == 2
                ? TheirNamespaces
                : ["System", "System.Diagnostics", "System.Diagnostics.Tracing"];
            foreach (var ns in against)
            {
                if (theirs.TryGetValue(ns, out var names) && names.Contains($"{ns}.{name}"))
                {
                    clashes.Add($"{type.FullName} clashes with {ns}.{name}");
                }
            }
        }

        Assert.True(clashes.Count == 0, string.Join(Environment.NewLine, clashes));
    }

    // The metadata name keeps the generic arity (List`1), so only types of the same arity compare equal, as C# binds them.
    private static string SimpleName(Type type) => type.Name;

    private static Dictionary<string, HashSet<string>> TheirTypeNames()
    {
        var assemblies = new List<Assembly>
        {
            typeof(global::OpenTelemetry.Trace.Tracer).Assembly,
            typeof(Microsoft.Extensions.AI.ChatMessage).Assembly,
            typeof(Microsoft.Extensions.AI.IChatClient).Assembly,
        };
        foreach (var path in Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "System.*.dll"))
        {
            try
            {
                assemblies.Add(Assembly.Load(AssemblyName.GetAssemblyName(path)));
            }
            catch (BadImageFormatException)
            {
                // native libraries beside the managed ones
            }
        }

        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in assemblies.Distinct().SelectMany(ExportedTypes))
        {
            if (type.IsNested || type.Namespace is null || !TheirNamespaces.Contains(type.Namespace))
            {
                continue;
            }

            if (!result.TryGetValue(type.Namespace, out var set))
            {
                result[type.Namespace] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add($"{type.Namespace}.{SimpleName(type)}");
        }

        return result;
    }

    private static IEnumerable<Type> ExportedTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>().Where(t => t.IsPublic);
        }
        catch (NotSupportedException)
        {
            return [];
        }
    }
}
