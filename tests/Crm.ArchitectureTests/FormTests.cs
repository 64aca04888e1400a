using System.Text.RegularExpressions;
using Xunit;

namespace Crm.ArchitectureTests;

/// <summary>
/// One way for a page to send a request and show what went wrong (ADR 0070, 0095): <c>FormFeedback</c> and
/// <c>FormAlerts</c> in forms, <c>PagedTable</c> in lists. A page that catches validation or business errors itself
/// draws them its own way again, so the sources of every <c>Pages/</c> folder are searched for such catches.
/// A <c>NotFoundException</c> on load ("this record is gone") stays the page's own answer.
/// </summary>
public sealed partial class FormTests
{
    [Fact]
    public void No_page_catches_validation_or_business_errors_by_hand()
    {
        var offenders = HandCaughtErrors(LocalizationTests.RepositoryRoot, out var pages);

        Assert.True(pages > 30, $"Only {pages} pages found: the source scan looks in the wrong place.");
        Assert.True(offenders.Count == 0,
            "Pages send through FormFeedback (forms) or PagedTable (lists) instead of catching these themselves: " + string.Join("; ", offenders));
    }

    /// <summary>Catch clauses in .razor and .razor.cs files under a <c>Pages</c> folder that name ValidationException, BusinessRuleException or CrmException.</summary>
    internal static List<string> HandCaughtErrors(string root, out int pages)
    {
        var offenders = new List<string>();
        pages = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*.razor*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".razor.cs", StringComparison.Ordinal))
                     .Where(f => IsPage(root, f)))
        {
            pages++;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (HandCaught().IsMatch(lines[i]))
                {
                    offenders.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        return offenders;
    }

    private static bool IsPage(string root, string path)
    {
        var parts = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar);
        return parts.Contains("Pages") && !parts.Any(part => part is "bin" or "obj" or "node_modules" or "BrokenSamples");
    }

    // The caught type or the filter names one of the three; "catch (Exception ex) when (ex is CrmException or ...)" counts.
    [GeneratedRegex(@"\bcatch\s*\(.*\b(ValidationException|BusinessRuleException|CrmException)\b")]
    private static partial Regex HandCaught();
}
