namespace TraceRegress.Approval;

/// <summary>
/// The environment variables that steer approval: <c>TRACEREGRESS_ACCEPT=1</c> accepts new and changed
/// attributions during the run, except on a build server unless <c>TRACEREGRESS_ACCEPT_ON_CI=1</c>.
/// </summary>
internal sealed class ApprovalEnvironment
{
    public const string AcceptVariable = "TRACEREGRESS_ACCEPT";
    public const string AcceptOnCiVariable = "TRACEREGRESS_ACCEPT_ON_CI";

    private readonly Func<string, string?> _variable;
    private readonly string? _currentDirectory;

    /// <param name="variable">Reads an environment variable.</param>
    /// <param name="currentDirectory">The folder the user runs commands from (the accept hint's paths are relative to it); the process's when null.</param>
    public ApprovalEnvironment(Func<string, string?> variable, string? currentDirectory = null)
    {
        _variable = variable ?? throw new ArgumentNullException(nameof(variable));
        _currentDirectory = currentDirectory;
        BuildServerVariable = BuildServer.Detect(variable);
    }

    /// <summary>The folder the user runs commands from.</summary>
    public string CurrentDirectory => _currentDirectory ?? Directory.GetCurrentDirectory();

    /// <summary>The process environment.</summary>
    public static ApprovalEnvironment Current => new(Environment.GetEnvironmentVariable);

    /// <summary>The variable that marks a build server, or null when not on one.</summary>
    public string? BuildServerVariable { get; }

    public bool OnBuildServer => BuildServerVariable is not null;

    public bool AcceptRequested => IsSet(AcceptVariable);

    /// <summary>True when received attributions are to be accepted during this run.</summary>
    public bool MayAccept => AcceptRequested && (!OnBuildServer || IsSet(AcceptOnCiVariable));

    /// <summary>Why an accept request is ignored, or null when it is not.</summary>
    public string? AcceptRefusal => AcceptRequested && !MayAccept
        ? $"{AcceptVariable} is ignored on a build server ({BuildServerVariable} is set); set {AcceptOnCiVariable}=1 to accept there"
        : null;

    private bool IsSet(string name)
    {
        var value = _variable(name)?.Trim();
        return value is "1"
               || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)
               || string.Equals(value, "yes", StringComparison.OrdinalIgnoreCase);
    }
}
