namespace Crm.BuildingBlocks.PublicApi;

/// <summary>
/// China's administrative divisions (行政区划) with their GB/T 2260 codes: provinces, prefectures (cities) and counties
/// (districts). An address keeps the code of its deepest known division, so analyses can group by province or city
/// by the code's prefix, and the names are always the official ones in the reader's pickers.
/// </summary>
public interface IAdministrativeDivisions
{
    IReadOnlyList<AdministrativeDivision> Provinces { get; }

    /// <summary>The divisions directly below <paramref name="code"/>; empty for a county or an unknown code.</summary>
    IReadOnlyList<AdministrativeDivision> ChildrenOf(string code);

    AdministrativeDivision? Find(string code);

    /// <summary>
    /// The deepest division named by a province, city and district as people write them in a file ("广东", "深圳市",
    /// "南山区"; a municipality's city may repeat its name or be left out). Null when the names do not fit together
    /// or none is given; <paramref name="failedAt"/> then says which name did not match.
    /// </summary>
    AdministrativeDivision? Match(string? province, string? city, string? district, out string? failedAt);

    /// <summary>The division and those above it, top first (上海市 › 黄浦区).</summary>
    IReadOnlyList<AdministrativeDivision> PathOf(string code);
}

public enum DivisionLevel
{
    Province = 1,
    City = 2,
    District = 3,
}

public sealed record AdministrativeDivision(string Code, string Name, string? ParentCode, DivisionLevel Level)
{
    /// <summary>The code of the province this division lies in (its first two digits, padded).</summary>
    public string ProvinceCode => Code[..2] + "0000";
}
