using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TraceRegress.Generators.Models;

/// <summary>
/// Where a diagnostic points, as plain data: a <see cref="Location"/> would keep the compilation's
/// objects alive and break caching.
/// </summary>
/// <param name="FilePath">The file as the compiler knows it.</param>
/// <param name="Start">0-based character offset of the span.</param>
/// <param name="Length">Length of the span in characters.</param>
/// <param name="StartLine">0-based line.</param>
/// <param name="StartCharacter">0-based character in the line.</param>
/// <param name="EndLine">0-based line of the end.</param>
/// <param name="EndCharacter">0-based character of the end.</param>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartCharacter, int EndLine, int EndCharacter)
{
    /// <summary>The start of a file.</summary>
    public static LocationInfo StartOf(string filePath) => new(filePath, 0, 0, 0, 0, 0, 0);

    public Location ToLocation() =>
        Location.Create(FilePath, new TextSpan(Start, Length), new LinePositionSpan(new LinePosition(StartLine, StartCharacter), new LinePosition(EndLine, EndCharacter)));
}
