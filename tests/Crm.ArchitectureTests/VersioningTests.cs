using Xunit;

namespace Crm.ArchitectureTests;

/// <summary>
/// One way to answer with a versioned record: <c>Versioning.Ok</c> / <c>Versioning.Created</c> set the ETag from the
/// response. A route that sets it by hand is where a record's ETag was once forgotten (quotes, campaigns, pipelines), so
/// the sources are searched for hand-set ETags outside the helper.
/// </summary>
public sealed class VersioningTests
{
    [Fact]
    public void No_route_sets_the_ETag_by_hand()
    {
        var offenders = HandSetETags(LocalizationTests.RepositoryRoot, ["src", "modules"], "*.cs", out var files);

        Assert.True(files > 300, $"Only {files} source files found: the scan looks in the wrong place.");
        Assert.True(offenders.Count == 0, "Answer with Versioning.Ok or Versioning.Created instead: " + string.Join("; ", offenders));
    }

    /// <summary>Lines under the <paramref name="folders"/> of <paramref name="root"/> (production code) that set an ETag themselves.</summary>
    internal static List<string> HandSetETags(string root, string[] folders, string pattern, out int files)
    {
        var offenders = new List<string>();
        files = 0;
        foreach (var file in folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(root, f), pattern, SearchOption.AllDirectories)))
        {
            var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
            if (parts.Any(part => part is "bin" or "obj" or "node_modules" or "BrokenSamples" or "artifacts") || Path.GetFileName(file) == "Versioning.cs")
            {
                continue;
            }

            files++;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("Versioning.SetETag(", StringComparison.Ordinal) || lines[i].Contains("Headers.ETag =", StringComparison.Ordinal))
                {
                    offenders.Add($"{Path.GetRelativePath(root, file)}:{i + 1}");
                }
            }
        }

        return offenders;
    }
}
