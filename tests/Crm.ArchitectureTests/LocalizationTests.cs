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
        var offenders = new List<string>();
        var checkedKeys = 0;
        foreach (var imports in Directory.EnumerateFiles(RepositoryRoot, "_Imports.razor", SearchOption.AllDirectories).Where(IsSource))
        {
            var folder = Path.GetDirectoryName(imports)!;
            foreach (Match inject in Inject().Matches(File.ReadAllText(imports)))
            {
                var (resourceType, variable) = (inject.Groups[1].Value, inject.Groups[2].Value);
                var resx = Directory.EnumerateFiles(ProjectFolder(folder), resourceType + ".resx", SearchOption.AllDirectories).Single(IsSource);
                var keys = Keys(resx);
                // Literal keys only ("Name"] or "Rows", args]); keys built by concatenation ("Stage_" + value) are left out.
                var usage = new Regex($@"(?<![\w.]){Regex.Escape(variable)}\[""([^""]+)""\s*[\],]");
                foreach (var razor in Directory.EnumerateFiles(folder, "*.razor", SearchOption.AllDirectories).Where(IsSource))
                {
                    foreach (Match used in usage.Matches(File.ReadAllText(razor)))
                    {
                        checkedKeys++;
                        if (!keys.Contains(used.Groups[1].Value))
                        {
                            offenders.Add($"{Path.GetRelativePath(RepositoryRoot, razor)}: {variable}[\"{used.Groups[1].Value}\"] is not in {Path.GetFileName(resx)}");
                        }
                    }
                }
            }
        }

        Assert.True(checkedKeys > 100, $"Only {checkedKeys} keys found: the source scan looks in the wrong place.");
        AssertNone(offenders, "Every UI text key used in a page exists in the English .resx next to its resource type.");
    }

    [Fact]
    public void Translations_contain_only_keys_of_the_English_resx()
    {
        var offenders = new List<string>();
        foreach (var translation in Directory.EnumerateFiles(RepositoryRoot, "*.*.resx", SearchOption.AllDirectories).Where(IsSource))
        {
            var name = Path.GetFileName(translation);
            var english = Path.Combine(Path.GetDirectoryName(translation)!, name[..name.IndexOf('.')] + ".resx");
            if (File.Exists(english))
            {
                offenders.AddRange(Keys(translation).Except(Keys(english)).Select(k => $"{Path.GetRelativePath(RepositoryRoot, translation)}: {k}"));
            }
        }

        AssertNone(offenders, "A translation (Text.<culture>.resx) holds only keys the English file defines; missing ones fall back to English.");
    }

    [Fact]
    public void Every_English_text_has_its_Simplified_Chinese_translation()
    {
        var english = Directory.EnumerateFiles(RepositoryRoot, "*.resx", SearchOption.AllDirectories)
            .Where(IsSource)
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
        var offenders = new List<string>();
        foreach (var module in ModuleCatalog.All.OfType<IModuleUi>())
        {
            foreach (var item in module.Navigation)
            {
                var resources = new ResourceManager(item.TextResource.FullName!, item.TextResource.Assembly);
                foreach (var key in new[] { item.TitleKey, item.DescriptionKey }.OfType<string>())
                {
                    if (resources.GetString(key, CultureInfo.InvariantCulture) is null)
                    {
                        offenders.Add($"{module.GetType().Name}: '{key}' in {item.TextResource.FullName}");
                    }
                }
            }
        }

        AssertNone(offenders, "Menu entries name resource keys that exist.");
    }

    private static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Crm.Modular.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Crm.Modular.sln not found above " + AppContext.BaseDirectory);
    }

    private static bool IsSource(string path) =>
        !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules");

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
