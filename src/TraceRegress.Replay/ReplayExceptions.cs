namespace TraceRegress.Replay;

/// <summary>A recording cannot be replayed: it holds no model calls, or their answers cannot be rebuilt. Thrown at load, before anything runs.</summary>
public sealed class ReplayRecordingException : Exception
{
    /// <summary>Creates the exception for a recording.</summary>
    public ReplayRecordingException(string recording, string reason)
        : base($"{recording}: cannot replay: {reason}")
    {
        Recording = recording;
        Reason = reason;
    }

    /// <summary>The recording's path (or name).</summary>
    public string Recording { get; }

    /// <summary>What is missing or wrong, and how to record it.</summary>
    public string Reason { get; }
}

/// <summary>The agent's run left the recording: a request differs in strict mode, a call was never recorded, or a tool call was not recorded and the policy is to fail.</summary>
public sealed class ReplayDivergenceException : Exception
{
    /// <summary>Creates the exception with the full message.</summary>
    public ReplayDivergenceException(string message)
        : base(message)
    {
    }
}
