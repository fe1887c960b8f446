namespace TraceRegress.Cli;

/// <summary>Bad input or usage found by a command: printed as one line on standard error, exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
