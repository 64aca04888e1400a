using System.Globalization;
using Crm.BuildingBlocks.Identifiers;
using Crm.BuildingBlocks.Localization;

namespace Crm.Accounts.Tests.Domain;

/// <summary>The Chinese data rules of issue 16: credit codes (GB 32100), identity numbers (GB 11643), telephone numbers.</summary>
public sealed class ChineseIdentifierTests
{
    [Theory]
    [InlineData("91330100799655058B")]
    [InlineData("914403001922038216")]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000802100433b")]
    public void Real_credit_codes_pass(string code) => Assert.True(UnifiedSocialCreditCode.IsValid(code));

    [Theory]
    [InlineData("91330100799655058C", "should be 'B', not 'C'")]
    [InlineData("9133010079965505", "has 16")]
    [InlineData("91330100799O55058B", "Character 12 of the unified social credit code, 'O'")]
    [InlineData("913301007996550S8B", "Character 16 of the unified social credit code, 'S'")]
    public void A_wrong_credit_code_names_what_is_wrong(string code, string expected)
    {
        var problem = UnifiedSocialCreditCode.Problem(code);
        Assert.NotEqual("", problem.Format);
        Assert.Contains(expected, ServerText.Translate(problem, CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("11010519491231002x")]
    [InlineData("440524188001010014")]
    public void Real_identity_numbers_pass(string number) => Assert.True(ResidentIdNumber.IsValid(number));

    [Theory]
    [InlineData("110105194912310021", "should be 'X', not '1'")]
    [InlineData("11010519491331002X", "19491331")]
    [InlineData("1101051949123100AX", "Character 17")]
    public void A_wrong_identity_number_names_what_is_wrong(string number, string expected)
    {
        var problem = ResidentIdNumber.Problem(number);
        Assert.NotEqual("", problem.Format);
        Assert.Contains(expected, problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("139 1234 5678", MainlandPhone.Kind.Mobile)]
    [InlineData("+86 139 1234 5678", MainlandPhone.Kind.Mobile)]
    [InlineData("0086-13912345678", MainlandPhone.Kind.Mobile)]
    [InlineData("021-6000 1234", MainlandPhone.Kind.Landline)]
    [InlineData("(010) 6000-1234", MainlandPhone.Kind.Landline)]
    [InlineData("+86 21 5555 0100", MainlandPhone.Kind.Landline)]
    [InlineData("86-10-60001234", MainlandPhone.Kind.Landline)]
    [InlineData("0571 8123 4567", MainlandPhone.Kind.Landline)]
    [InlineData("0574 1234567", MainlandPhone.Kind.Landline)]
    [InlineData("021-60001234 转 8001", MainlandPhone.Kind.Landline)]
    [InlineData("021-60001234-8001", MainlandPhone.Kind.Landline)]
    [InlineData("400 820 8820", MainlandPhone.Kind.ServiceNumber)]
    [InlineData("800-810-8888", MainlandPhone.Kind.ServiceNumber)]
    [InlineData("+49 30 1234567", MainlandPhone.Kind.International)]
    public void Phone_numbers_people_write_are_recognised(string text, MainlandPhone.Kind kind) =>
        Assert.Equal(kind, MainlandPhone.Classify(text));

    [Theory]
    [InlineData("12345")]
    [InlineData("1391234567")]
    [InlineData("23912345678")]
    [InlineData("021 123")]
    [InlineData("139 1234 5678 转 1")]
    [InlineData("555-0100 x12")]
    public void Numbers_nobody_could_call_are_refused(string text) => Assert.Null(MainlandPhone.Classify(text));
}
