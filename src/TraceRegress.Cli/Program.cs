using TraceRegress.Cli;

return Cli.Run(args, CliHost.ForProcess());
