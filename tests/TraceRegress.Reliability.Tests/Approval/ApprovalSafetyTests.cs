using System.Diagnostics;
using System.Text;
using TraceRegress.Approval;

namespace TraceRegress.Reliability.Tests.Approval;

/// <summary>
/// The approval files are the team's expectations: whatever happens during a run (several runs at once,
/// read-only files, a crash or a killed process in the middle of a write), a <c>.verified.json</c> is never
/// left corrupt, half-written or missing, and a <c>.received.json</c> is either absent or complete.
/// </summary>
public sealed class ApprovalSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Concurrent_runs_writing_the_same_received_file_leave_one_complete_attribution()
    {
        using var folder = new ApprovalFolder();
        var trace = folder.Copy("rate-limited.json");
        var other = folder.Copy("docs-not-found.json");
        var files = ApprovalFiles.For(trace);
        string[] versions = [ApprovalFolder.AttributionOf(trace), ApprovalFolder.AttributionOf(other)];
        Assert.NotEqual(versions[0], versions[1]);

        var writers = Math.Max(4, Environment.ProcessorCount * 2);
        var rounds = ReliabilitySettings.ApprovalRounds * 5;
        var reads = 0;
        var done = false;
        // A reader (an IDE, `traceregress accept`) looks at the file the whole time.
        var reader = Task.Run(() =>
        {
            // The last look comes after the writers are done, so at least one read always happens.
            for (var finished = false; !finished;)
            {
                finished = Volatile.Read(ref done);
                if (!File.Exists(files.ReceivedPath)) continue;
                var text = File.ReadAllText(files.ReceivedPath);
                Assert.Contains(text, versions);
                reads++;
            }
        });
        Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, writer =>
        {
            for (var round = 0; round < rounds; round++)
            {
                if ((writer + round) % 2 == 0)
                {
                    // The real path: a run with no verified file writes the received one.
                    var outcome = TraceApproval.Check("rate-limited.json", trace, files, folder.Root, AttributionEngine.Default, ApprovalFolder.Environment(accept: false));
                    Assert.False(outcome.Passed);
                }
                else
                {
                    AtomicFile.WriteAllText(files.ReceivedPath, versions[1]);
                }
            }
        });
        Volatile.Write(ref done, true);
        await reader;

        Assert.Contains(File.ReadAllText(files.ReceivedPath), versions);
        VerifiedAttribution.Load(files.ReceivedPath);
        Assert.Empty(folder.TemporaryFiles());
        Assert.False(File.Exists(files.VerifiedPath));
        // The reader compared whole files, not nothing.
        Assert.True(reads > 0, "the reader never saw the received file");
        ReliabilityReport.Tried(output, "approval/concurrent received writes", writers * rounds, $"{writers} writers, {reads:N0} reads of complete files");
    }

    [Fact]
    public async Task Concurrent_accepting_runs_always_leave_a_complete_verified_file()
    {
        using var folder = new ApprovalFolder();
        var trace = folder.Copy("inventory-timeout.json");
        var files = ApprovalFiles.For(trace);
        var expected = ApprovalFolder.AttributionOf(trace);
        var writers = Math.Max(4, Environment.ProcessorCount * 2);
        var rounds = ReliabilitySettings.ApprovalRounds * 5;
        var reads = 0;
        var done = false;
        var reader = Task.Run(() =>
        {
            // The last look comes after the runs are done, so at least one read always happens.
            for (var finished = false; !finished;)
            {
                finished = Volatile.Read(ref done);
                if (!File.Exists(files.VerifiedPath)) continue;
                Assert.Equal(expected, File.ReadAllText(files.VerifiedPath));
                reads++;
            }
        });
        Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, writer =>
        {
            for (var round = 0; round < rounds; round++)
            {
                // Half the runs find the verified file missing or stale and accept; the others compare against it.
                if (round % 7 == writer % 7) AtomicFile.WriteAllText(files.VerifiedPath, expected);
                var outcome = TraceApproval.Check("inventory-timeout.json", trace, files, folder.Root, AttributionEngine.Default,
                    ApprovalFolder.Environment(accept: writer % 2 == 0));
                Assert.True(outcome.Passed || writer % 2 == 1, outcome.Message);
            }
        });
        Volatile.Write(ref done, true);
        await reader;

        Assert.Equal(expected, File.ReadAllText(files.VerifiedPath));
        Assert.Empty(folder.TemporaryFiles());
        Assert.True(reads > 0, "the reader never saw the verified file");
        ReliabilityReport.Tried(output, "approval/concurrent accepts", writers * rounds, $"{writers} runs at once, {reads:N0} reads of complete files");
    }

    [Fact]
    public void A_read_only_verified_file_is_never_damaged()
    {
        using var folder = new ApprovalFolder();
        var trace = folder.Copy("rate-limited.json");
        var files = ApprovalFiles.For(trace);
        // A verified file that pins another trace's attribution, so the run does not match it.
        var stale = ApprovalFolder.AttributionOf(folder.Copy("docs-not-found.json"));
        File.WriteAllText(files.VerifiedPath, stale);
        File.SetAttributes(files.VerifiedPath, FileAttributes.ReadOnly);

        var failed = TraceApproval.Check("rate-limited.json", trace, files, folder.Root, AttributionEngine.Default, ApprovalFolder.Environment(accept: false));
        Assert.False(failed.Passed);
        Assert.Equal(stale, File.ReadAllText(files.VerifiedPath));
        Assert.True(File.GetAttributes(files.VerifiedPath).HasFlag(FileAttributes.ReadOnly));
        VerifiedAttribution.Load(files.ReceivedPath);

        // Accepting replaces the file in one rename (allowed by the folder's permissions, not the file's), or
        // fails as a whole; either way the verified file is complete.
        try
        {
            var accepted = TraceApproval.Check("rate-limited.json", trace, files, folder.Root, AttributionEngine.Default, ApprovalFolder.Environment(accept: true));
            Assert.True(accepted.Passed, accepted.Message);
            Assert.Equal(ApprovalFolder.AttributionOf(trace), File.ReadAllText(files.VerifiedPath));
        }
        catch (UnauthorizedAccessException)
        {
            Assert.Equal(stale, File.ReadAllText(files.VerifiedPath));
        }

        VerifiedAttribution.Load(files.VerifiedPath);
        Assert.Empty(folder.TemporaryFiles());
    }

    [Fact]
    public void A_read_only_received_file_from_an_earlier_run_is_replaced_whole()
    {
        using var folder = new ApprovalFolder();
        var trace = folder.Copy("rate-limited.json");
        var files = ApprovalFiles.For(trace);
        File.WriteAllText(files.ReceivedPath, "{ \"left\": \"by an older run\"");
        File.SetAttributes(files.ReceivedPath, FileAttributes.ReadOnly);

        var outcome = TraceApproval.Check("rate-limited.json", trace, files, folder.Root, AttributionEngine.Default, ApprovalFolder.Environment(accept: false));

        Assert.False(outcome.Passed);
        Assert.Equal(ApprovalFolder.AttributionOf(trace), File.ReadAllText(files.ReceivedPath));
        Assert.False(File.Exists(files.VerifiedPath));
    }

    [Fact]
    public void An_exception_in_the_middle_of_a_write_leaves_the_old_file_and_no_temporary_file()
    {
        using var folder = new ApprovalFolder();
        var trace = folder.Copy("inventory-timeout.json");
        var files = ApprovalFiles.For(trace);
        var good = ApprovalFolder.AttributionOf(trace);
        File.WriteAllText(files.VerifiedPath, good);
        var replacement = Encoding.UTF8.GetBytes(ApprovalFolder.AttributionOf(folder.Copy("rate-limited.json")));
        var random = ReliabilitySettings.RandomFor("approval/exception mid-write");

        var rounds = ReliabilitySettings.ApprovalRounds * 10;
        for (var round = 0; round < rounds; round++)
        {
            var cut = random.Next(replacement.Length);
            Assert.Throws<IOException>(() => AtomicFile.Write(files.VerifiedPath, stream =>
            {
                stream.Write(replacement, 0, cut);
                throw new IOException("the disk is full");
            }));
            Assert.Equal(good, File.ReadAllText(files.VerifiedPath));
            Assert.Empty(folder.TemporaryFiles());
        }

        VerifiedAttribution.Load(files.VerifiedPath);
        ReliabilityReport.Tried(output, "approval/exception mid-write", rounds, "cut at random bytes");
    }

    [Fact]
    public void A_process_killed_while_writing_the_verified_file_leaves_a_complete_one()
    {
        using var folder = new ApprovalFolder();
        var first = folder.Copy("inventory-timeout.json");
        var second = folder.Copy("rate-limited.json");
        var versions = new[] { ApprovalFolder.AttributionOf(first), ApprovalFolder.AttributionOf(second) };
        // Padded with evidence-sized whitespace so that one slow write takes tens of milliseconds.
        var contents = versions.Select((v, i) => Path.Combine(folder.Root, $"version{i}.txt")).ToArray();
        for (var i = 0; i < 2; i++) File.WriteAllText(contents[i], versions[i].TrimEnd() + new string(' ', 16_000) + "\n");
        var expected = contents.Select(File.ReadAllText).ToArray();
        var verified = ApprovalFiles.For(first).VerifiedPath;
        var random = ReliabilitySettings.RandomFor("approval/killed mid-write");

        var rounds = ReliabilitySettings.ApprovalRounds;
        var midWrite = 0;
        for (var round = 0; round < rounds; round++)
        {
            using var child = StartWriter(verified, contents[0], contents[1]);
            Thread.Sleep(random.Next(1, 40));
            midWrite += Directory.GetFiles(folder.Root, "*" + AtomicFile.TempSuffix).Length > 0 ? 1 : 0;
            child.Kill(entireProcessTree: true);
            child.WaitForExit();

            Assert.Contains(File.ReadAllText(verified), expected);
            VerifiedAttribution.Load(verified);
            // A killed writer may leave its temporary file; it is hidden from the corpus (dot-prefixed, not *.json).
            foreach (var temp in folder.TemporaryFiles())
            {
                Assert.StartsWith(".", Path.GetFileName(temp), StringComparison.Ordinal);
                Assert.False(ApprovalFiles.IsTraceFile(temp) || ApprovalFiles.IsApprovalFile(temp));
                File.Delete(temp);
            }
        }

        // At least some kills must have landed during a write, or the test proves little.
        Assert.True(midWrite > 0, "no kill happened while a temporary file existed");
        ReliabilityReport.Tried(output, "approval/killed mid-write", rounds, $"{midWrite} kills with a write in progress");
    }

    private Process StartWriter(string verified, string first, string second)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(CrashingWriter).Assembly.Location, CrashingWriter.Command, verified, first, second }) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var ready = process.StandardOutput.ReadLine();
        if (ready != "ready")
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the writer did not start: {ready} {process.StandardError.ReadToEnd()}");
        }

        return process;
    }
}
