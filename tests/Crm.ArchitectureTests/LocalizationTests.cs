using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Crm.BuildingBlocks.Modules;
using Crm.Host;
using Xunit;
using static Crm.ArchitectureTests.Solution;

namespace Crm.ArchitectureTests;

/// <summary>
/// UI text lives in .resx files read through IStringLocalizer. A key typed in a page but missing from its .resx would
/// show the raw key to users without any error, so these tests look for such keys in the sources.
/// </summary>
public sealed partial class LocalizationTests
{
    [Fact]
    public void Every_text_key_a_razor_file_uses_exists_in_its_English_resx()
    {
        var offenders = MissingTextKeys(RepositoryRoot, out var checkedKeys);

        Assert.True(checkedKeys > 100, $"Only {checkedKeys} keys found: the source scan looks in the wrong place.");
        AssertNone(offenders, "Every UI text key used in a page exists in the English .resx next to its resource type.");
    }

    [Fact]
    public void Translations_contain_only_keys_of_the_English_resx()
    {
        AssertNone(ExtraTranslationKeys(RepositoryRoot), "A translation (Text.<culture>.resx) holds only keys the English file defines; missing ones fall back to English.");
    }

    /// <summary>Keys used as <c>T["Key"]</c> in the .razor files under <paramref name="root"/> that their .resx lacks.</summary>
    internal static List<string> MissingTextKeys(string root, out int checkedKeys)
    {
        var offenders = new List<string>();
        checkedKeys = 0;
        foreach (var imports in Directory.EnumerateFiles(root, "_Imports.razor", SearchOption.AllDirectories).Where(f => IsSource(root, f)))
        {
            var folder = Path.GetDirectoryName(imports)!;
            foreach (Match inject in Inject().Matches(File.ReadAllText(imports)))
            {
                var (resourceType, variable) = (inject.Groups[1].Value, inject.Groups[2].Value);
                var resx = Directory.EnumerateFiles(ProjectFolder(folder), resourceType + ".resx", SearchOption.AllDirectories).Single(f => IsSource(root, f));
                var keys = Keys(resx);
                // Literal keys only ("Name"] or "Rows", args]); keys built by concatenation ("Stage_" + value) are left out.
                var usage = new Regex($@"(?<![\w.]){Regex.Escape(variable)}\[""([^""]+)""\s*[\],]");
                foreach (var razor in Directory.EnumerateFiles(folder, "*.razor", SearchOption.AllDirectories).Where(f => IsSource(root, f)))
                {
                    foreach (Match used in usage.Matches(File.ReadAllText(razor)))
                    {
                        checkedKeys++;
                        if (!keys.Contains(used.Groups[1].Value))
                        {
                            offenders.Add($"{Path.GetRelativePath(root, razor)}: {variable}[\"{used.Groups[1].Value}\"] is not in {Path.GetFileName(resx)}");
                        }
                    }
                }
            }
        }

        return offenders;
    }

    /// <summary>Keys of <c>&lt;Name&gt;.&lt;culture&gt;.resx</c> files under <paramref name="root"/> that the neutral file lacks.</summary>
    internal static List<string> ExtraTranslationKeys(string root)
    {
        var offenders = new List<string>();
        foreach (var translation in Directory.EnumerateFiles(root, "*.*.resx", SearchOption.AllDirectories).Where(f => IsSource(root, f)))
        {
            var name = Path.GetFileName(translation);
            var english = Path.Combine(Path.GetDirectoryName(translation)!, name[..name.IndexOf('.')] + ".resx");
            if (File.Exists(english))
            {
                offenders.AddRange(Keys(translation).Except(Keys(english)).Select(k => $"{Path.GetRelativePath(root, translation)}: {k}"));
            }
        }

        return offenders;
    }

    [Fact]
    public void Navigation_entries_of_every_module_have_their_texts()
    {
        AssertNone(MissingNavigationTexts(ModuleCatalog.All), "Menu entries name resource keys that exist.");
    }

    internal static List<string> MissingNavigationTexts(IEnumerable<IModule> modules)
    {
        var offenders = new List<string>();
        foreach (var module in modules.OfType<IModuleUi>())
        {
            foreach (var item in module.Navigation)
            {
                var resources = new ResourceManager(item.TextResource.FullName!, item.TextResource.Assembly);
                foreach (var key in new[] { item.TitleKey, item.DescriptionKey }.OfType<string>())
                {
                    if (Text(resources, key) is null)
                    {
                        offenders.Add($"{module.GetType().Name}: '{key}' in {item.TextResource.FullName}");
                    }
                }
            }
        }

        return offenders;
    }

    /// <summary>A resource type without any .resx has no manifest at all: that is a missing text too, not a crash.</summary>
    private static string? Text(ResourceManager resources, string key)
    {
        try
        {
            return resources.GetString(key, CultureInfo.InvariantCulture);
        }
        catch (MissingManifestResourceException)
        {
            return null;
        }
    }

    internal static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Crm.Modular.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Crm.Modular.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Source files under <paramref name="root"/>: not build output, and not the deliberately broken samples (which only
    /// their own test scans, with the samples folder as root).
    /// </summary>
    private static bool IsSource(string root, string path) =>
        !Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar)
            .Any(part => part is "bin" or "obj" or "node_modules" or "BrokenSamples" or ".generated");

    private static string ProjectFolder(string folder)
    {
        var current = new DirectoryInfo(folder);
        while (current is not null && !current.EnumerateFiles("*.csproj").Any())
        {
            current = current.Parent;
        }

        return current?.FullName ?? folder;
    }

    private static HashSet<string> Keys(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"@inject\s+IStringLocalizer<(\w+)>\s+(\w+)")]
    private static partial Regex Inject();
}
