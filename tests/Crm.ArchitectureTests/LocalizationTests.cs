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

    [GeneratedRegex(@"@inject\s+IStringLocalizer<(\w+)>\s+(\w+)")]
    private static partial Regex Inject();
}
