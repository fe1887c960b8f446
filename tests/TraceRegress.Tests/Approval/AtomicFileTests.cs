using System.Text;
using TraceRegress.Approval;

namespace TraceRegress.Tests.Approval;

public class AtomicFileTests
{
    [Fact]
    public void Writes_the_content_and_leaves_no_temporary_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("a.verified.json");

        AtomicFile.WriteAllText(path, "{ \"x\": 1 }\n");
        AtomicFile.WriteAllText(path, "{ \"x\": 2 }\n");

        Assert.Equal("{ \"x\": 2 }\n", File.ReadAllText(path));
        Assert.Equal(["a.verified.json"], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName));
        // UTF-8 without a byte order mark, like every verified file.
        Assert.Equal((byte)'{', File.ReadAllBytes(path)[0]);
    }

    [Fact]
    public void A_write_that_fails_halfway_leaves_the_old_file_intact_and_no_temporary_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("a.verified.json");
        File.WriteAllText(path, "old and complete\n");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new but only ha"u8);
            throw new IOException("disk full");
        }));

        Assert.Equal("old and complete\n", File.ReadAllText(path));
        Assert.Single(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task A_reader_never_sees_a_half_written_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("a.verified.json");
        var contents = Enumerable.Range(0, 4).Select(i => new string((char)('a' + i), 200_000) + "\n").ToArray();
        AtomicFile.WriteAllText(path, contents[0]);

        using var stop = new CancellationTokenSource();
        var seen = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                string text;
                try
                {
                    text = File.ReadAllText(path, Encoding.UTF8);
                }
                catch (IOException)
                {
                    continue; // Windows refuses to open a file while it is being replaced; never a partial read.
                }
                catch (UnauthorizedAccessException)
                {
                    continue;
                }

                Assert.Contains(text, contents);
                Interlocked.Increment(ref seen);
            }
        });

        // Keep replacing the file until the reader has read it many times while writes were going on.
        for (var i = 0; i < 60 || (Volatile.Read(ref seen) < 50 && i < 100_000); i++)
        {
            AtomicFile.WriteAllText(path, contents[i % contents.Length]);
        }

        await stop.CancelAsync();
        await reader;

        Assert.True(Volatile.Read(ref seen) >= 50);
        Assert.Single(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Creates_the_folder_when_needed()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "new", "deeper", "a.received.json");
        AtomicFile.WriteAllText(path, "{}\n");
        Assert.Equal("{}\n", File.ReadAllText(path));
    }
}
