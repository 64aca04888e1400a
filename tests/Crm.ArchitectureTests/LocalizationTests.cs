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
    public void Every_English_text_has_its_Simplified_Chinese_translation()
    {
        var english = Directory.EnumerateFiles(RepositoryRoot, "*.resx", SearchOption.AllDirectories)
            .Where(f => IsSource(RepositoryRoot, f))
            .Where(f => Path.GetFileName(f).Count(c => c == '.') == 1)
            .ToList();

        Assert.True(english.Count >= 9, $"Only {english.Count} English .resx files found: the scan looks in the wrong place.");
        AssertNone(MissingChineseTexts(english), "Every user-visible text ships in English and Simplified Chinese (zh-Hans).");
    }

    [Fact]
    public void A_missing_or_empty_Chinese_text_is_reported()
    {
        // The rule above must be able to fail: a key absent from the zh-Hans file, an empty value, and a file without
        // any translation are each reported.
        var folder = Directory.CreateTempSubdirectory("crm-resx-");
        try
        {
            var partly = Path.Combine(folder.FullName, "Partly.resx");
            File.WriteAllText(partly, "<root><data name=\"Save\"><value>Save</value></data><data name=\"Cancel\"><value>Cancel</value></data><data name=\"Close\"><value>Close</value></data></root>");
            File.WriteAllText(Path.Combine(folder.FullName, "Partly.zh-Hans.resx"), "<root><data name=\"Save\"><value>保存</value></data><data name=\"Cancel\"><value> </value></data></root>");
            var untranslated = Path.Combine(folder.FullName, "Untranslated.resx");
            File.WriteAllText(untranslated, "<root><data name=\"Save\"><value>Save</value></data></root>");

            var missing = MissingChineseTexts([partly, untranslated]).Select(m => m[(m.LastIndexOf(':') + 2)..]).Order().ToList();

            Assert.Equal(["Cancel", "Close", "no Untranslated.zh-Hans.resx beside it"], missing);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static List<string> MissingChineseTexts(IEnumerable<string> neutralFiles)
    {
        var offenders = new List<string>();
        foreach (var neutral in neutralFiles)
        {
            var chinese = Path.ChangeExtension(neutral, null) + ".zh-Hans.resx";
            if (!File.Exists(chinese))
            {
                offenders.Add($"{Path.GetRelativePath(RepositoryRoot, neutral)}: no {Path.GetFileName(chinese)} beside it");
                continue;
            }

            var translated = Values(chinese);
            offenders.AddRange(Keys(neutral)
                .Where(k => !translated.TryGetValue(k, out var value) || string.IsNullOrWhiteSpace(value))
                .Select(k => $"{Path.GetRelativePath(RepositoryRoot, chinese)}: {k}"));
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

    private static Dictionary<string, string> Values(string resx) =>
        XDocument.Load(resx).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    [GeneratedRegex(@"@inject\s+IStringLocalizer<(\w+)>\s+(\w+)")]
    private static partial Regex Inject();
}
