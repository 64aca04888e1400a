using System.Net;
using Crm.BuildingBlocks.PublicApi;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>China's administrative divisions: the embedded dataset, matching names from files, and the API (ADR 0136).</summary>
public sealed class RegionTests : IDisposable
{
    private readonly CrmApp _app = new();

    private IAdministrativeDivisions Divisions => _app.Services.GetRequiredService<IAdministrativeDivisions>();

    [Fact]
    public void The_dataset_has_every_province_level_division_and_a_municipality_has_its_districts_directly_below_it()
    {
        Assert.Equal(34, Divisions.Provinces.Count);
        Assert.Contains(Divisions.Provinces, p => p is { Code: "440000", Name: "广东省" });

        var shanghai = Divisions.ChildrenOf("310000");
        Assert.Contains(shanghai, d => d is { Code: "310101", Name: "黄浦区", Level: DivisionLevel.District });
        Assert.DoesNotContain(shanghai, d => d.Level == DivisionLevel.City);

        Assert.Equal(["广东省", "深圳市", "南山区"], Divisions.PathOf("440305").Select(d => d.Name));
        Assert.Equal("440000", Divisions.Find("440305")!.ProvinceCode);
    }

    [Theory]
    [InlineData("广东省", "深圳市", "南山区", "440305")]
    [InlineData("广东", "深圳", "南山", "440305")]
    [InlineData("上海市", "上海市", "黄浦区", "310101")]
    [InlineData("上海", null, "黄浦区", "310101")]
    [InlineData("北京", null, null, "110000")]
    [InlineData("浙江省", "杭州市", null, "330100")]
    [InlineData(null, null, "浦东新区", "310115")]
    [InlineData("内蒙古", "呼和浩特", null, "150100")]
    public void Names_as_people_write_them_find_the_official_division(string? province, string? city, string? district, string expected)
    {
        var division = Divisions.Match(province, city, district, out var failedAt);

        Assert.Null(failedAt);
        Assert.Equal(expected, division?.Code);
    }

    [Theory]
    [InlineData("广东省", "杭州市", null, "city")]
    [InlineData("火星省", null, null, "province")]
    [InlineData("广东省", "深圳市", "黄浦区", "district")]
    // Two 南山区 (深圳 and 鹤岗): a district alone does not say which.
    [InlineData(null, null, "南山区", "district")]
    public void Names_that_do_not_fit_together_say_which_one_is_wrong(string? province, string? city, string? district, string wrong)
    {
        Assert.Null(Divisions.Match(province, city, district, out var failedAt));
        Assert.Equal(wrong, failedAt);
    }

    [Fact]
    public async Task The_api_lists_provinces_and_walks_down_a_division_for_a_signed_in_user_only()
    {
        using var client = _app.CreateClient();
        var provinces = await (await client.GetAsync("/api/regions")).ReadJson();
        Assert.Equal(34, provinces.GetArrayLength());

        var shenzhen = await (await client.GetAsync("/api/regions/440300")).ReadJson();
        Assert.Equal("深圳市", shenzhen.GetProperty("name").GetString());
        Assert.Equal(["广东省", "深圳市"], shenzhen.GetProperty("path").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Contains(shenzhen.GetProperty("children").EnumerateArray(), d => d.GetProperty("name").GetString() == "南山区");

        await (await client.GetAsync("/api/regions/999999")).ShouldHave(HttpStatusCode.NotFound);

        using var anonymous = _app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/regions")).StatusCode);
    }

    public void Dispose() => _app.Dispose();
}
