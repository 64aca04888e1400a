using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.BuildingBlocks.PublicApi;

namespace Crm.BuildingBlocks.Regions;

/// <summary>
/// The divisions of the embedded dataset (ADR 0136), read once per process; about 3,600 entries, so every question is
/// answered from memory. Municipalities (北京, 上海, 天津, 重庆) have their districts directly below them, as the dataset
/// and the official lists do; a prefecture-level city without districts (东莞, 中山) is the deepest level there.
/// </summary>
internal sealed class AdministrativeDivisions : IAdministrativeDivisions
{
    private const string ResourceName = "Crm.BuildingBlocks.Regions.level.json";

    private static readonly Lazy<AdministrativeDivisions> Loaded = new(Load);

    private static readonly string[] Suffixes =
        ["特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "盟", "省", "市", "区", "县", "旗"];

    private readonly FrozenDictionary<string, AdministrativeDivision> _byCode;
    private readonly FrozenDictionary<string, IReadOnlyList<AdministrativeDivision>> _children;

    private AdministrativeDivisions(IReadOnlyList<AdministrativeDivision> all)
    {
        _byCode = all.ToFrozenDictionary(d => d.Code, StringComparer.Ordinal);
        _children = all.Where(d => d.ParentCode is not null).GroupBy(d => d.ParentCode!)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<AdministrativeDivision>)g.OrderBy(d => d.Code, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        Provinces = all.Where(d => d.Level == DivisionLevel.Province).OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
    }

    public static AdministrativeDivisions Instance => Loaded.Value;

    public IReadOnlyList<AdministrativeDivision> Provinces { get; }

    public IReadOnlyList<AdministrativeDivision> ChildrenOf(string code) =>
        _children.TryGetValue(code, out var children) ? children : [];

    public AdministrativeDivision? Find(string code) => _byCode.GetValueOrDefault(code);

    public IReadOnlyList<AdministrativeDivision> PathOf(string code)
    {
        var path = new List<AdministrativeDivision>(3);
        for (var division = Find(code); division is not null; division = division.ParentCode is { } parent ? Find(parent) : null)
        {
            path.Insert(0, division);
        }

        return path;
    }

    public AdministrativeDivision? Match(string? province, string? city, string? district, out string? failedAt)
    {
        failedAt = null;
        province = Clean(province);
        city = Clean(city);
        district = Clean(district);
        if (province is null && city is null && district is null)
        {
            return null;
        }

        AdministrativeDivision? found = null;
        if (province is not null)
        {
            found = Pick(Provinces, province);
            if (found is null)
            {
                failedAt = "province";
                return null;
            }
        }

        if (city is not null)
        {
            // A municipality's "city" is the municipality itself (上海市, 上海市, 黄浦区) or its districts' parent.
            if (found is not null && SameName(found.Name, city) && ChildrenOf(found.Code).All(c => c.Level == DivisionLevel.District))
            {
                // Nothing to descend into: stay on the municipality.
            }
            else
            {
                var candidates = found is not null ? ChildrenOf(found.Code) : AllAt(DivisionLevel.City);
                var match = Pick(candidates, city);
                if (match is null)
                {
                    failedAt = "city";
                    return null;
                }

                found = match;
            }
        }

        if (district is not null)
        {
            var candidates = found is not null ? ChildrenOf(found.Code) : AllAt(DivisionLevel.District);
            var match = Pick(candidates, district);
            if (match is null)
            {
                failedAt = "district";
                return null;
            }

            found = match;
        }

        return found;
    }

    private IEnumerable<AdministrativeDivision> AllAt(DivisionLevel level) => _byCode.Values.Where(d => d.Level == level);

    /// <summary>The one division called <paramref name="name"/> (exactly, or by its name without 省/市/区 …); none when two fit.</summary>
    private static AdministrativeDivision? Pick(IEnumerable<AdministrativeDivision> candidates, string name)
    {
        var list = candidates as IReadOnlyCollection<AdministrativeDivision> ?? candidates.ToList();
        var exact = list.Where(d => d.Name == name).ToList();
        if (exact.Count == 1)
        {
            return exact[0];
        }

        var matches = list.Where(d => SameName(d.Name, name)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private static bool SameName(string official, string given) =>
        official == given || (Short(official) is { Length: >= 2 } shortName && shortName == Short(given));

    private static string Short(string name)
    {
        foreach (var suffix in Suffixes)
        {
            if (name.Length > suffix.Length + 1 && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static AdministrativeDivisions Load()
    {
        using var stream = typeof(AdministrativeDivisions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The administrative divisions ({ResourceName}) are not embedded: the build fetches them with npm (ADR 0136).");
        var provinces = JsonSerializer.Deserialize<List<Entry>>(stream) ?? [];
        var all = new List<AdministrativeDivision>(4000);
        foreach (var province in provinces)
        {
            all.Add(new AdministrativeDivision(province.Code, province.Name, null, DivisionLevel.Province));
            foreach (var second in province.Children ?? [])
            {
                // Municipalities list their districts directly; elsewhere the second level is a prefecture-level city.
                var secondIsDistrict = second.Children is null && IsMunicipality(province.Code);
                all.Add(new AdministrativeDivision(second.Code, second.Name, province.Code, secondIsDistrict ? DivisionLevel.District : DivisionLevel.City));
                foreach (var third in second.Children ?? [])
                {
                    all.Add(new AdministrativeDivision(third.Code, third.Name, second.Code, DivisionLevel.District));
                }
            }
        }

        return new AdministrativeDivisions(all);
    }

    private static bool IsMunicipality(string provinceCode) => provinceCode is "110000" or "120000" or "310000" or "500000";

    private sealed record Entry(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("children")] List<Entry>? Children);
}
