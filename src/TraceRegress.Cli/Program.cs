Console.Error.WriteLine("usage: traceregress <attribute|accept|import|redact|report> ...");
return 2;
