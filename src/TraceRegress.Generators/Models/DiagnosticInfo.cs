using System.Linq;
using Microsoft.CodeAnalysis;

namespace TraceRegress.Generators.Models;

/// <summary>
/// A diagnostic carried through the pipeline as data and reported at the end, so a model that
/// holds one still compares by value.
/// </summary>
/// <param name="Id">The descriptor's id (<c>TRG…</c>).</param>
/// <param name="Location">Where it points.</param>
/// <param name="Arguments">The message arguments, already formatted as text.</param>
internal sealed record DiagnosticInfo(string Id, LocationInfo Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        new(descriptor.Id, location, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id), Location.ToLocation(), Arguments.Cast<object>().ToArray());
}
