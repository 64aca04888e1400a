using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;

namespace Crm.Accounts.Tests.Domain;

/// <summary>The shared record kit (ADR 0065) that Accounts and Funnel both build on.</summary>
public sealed class RecordKitTests
{
    private static readonly Guid Ann = Guid.NewGuid();
    private static readonly Guid Bob = Guid.NewGuid();
    private static readonly Guid North = Guid.NewGuid();
    private static readonly Guid South = Guid.NewGuid();

    private static readonly OwnedThing[] Things =
    [
        new("ann-north", Ann, North),
        new("bob-north", Bob, North),
        new("bob-south", Bob, South),
        new("nobody", null, South),
    ];

    [Fact]
    public void Visibility_shows_own_records_and_the_branch_but_no_unowned_ones()
    {
        Assert.Equal(["ann-north"], Visible<OwnedThing>(RecordScope.Own(Ann)));
        Assert.Equal(["ann-north", "bob-north"], Visible<OwnedThing>(RecordScope.OwnAndBranch(Ann, North)));
        Assert.Equal(["ann-north", "bob-north", "bob-south", "nobody"], Visible<OwnedThing>(RecordScope.All));
        Assert.Empty(Visible<OwnedThing>(RecordScope.None));
    }

    [Fact]
    public void Visibility_shows_unowned_records_to_everyone_in_scope_when_the_record_type_says_so()
    {
        Assert.Equal(["ann-north", "nobody"], Visible<QueuedThing>(RecordScope.Own(Ann)));
        Assert.Equal(["ann-north", "bob-north", "nobody"], Visible<QueuedThing>(RecordScope.OwnAndBranch(Ann, North)));
        Assert.Empty(Visible<QueuedThing>(RecordScope.None));
    }

    [Fact]
    public void Visibility_agrees_with_the_in_memory_rule()
    {
        foreach (var scope in new[] { RecordScope.Own(Ann), RecordScope.OwnAndBranch(Bob, South), RecordScope.All, RecordScope.None })
        {
            var expected = Things.Where(t => scope.Allows(t.OwnerId, t.BranchId)).Select(t => t.Name);
            Assert.Equal(expected, Visible<OwnedThing>(scope));
        }
    }

    [Theory]
    [InlineData("+86 (21) 5555-0100", "862155550100")]
    [InlineData(" - ", null)]
    public void Phone_numbers_keep_their_digits(string input, string? expected) => Assert.Equal(expected, Normalize.Phone(input));

    [Fact]
    public void Emails_tax_ids_and_text_normalise_once_for_every_module()
    {
        Assert.Equal("sales@acme.example", Normalize.Email("  Sales@ACME.example "));
        Assert.Equal("91310000MA1FL0001X", Normalize.TaxId("9131 0000-ma1f l0001x"));
        Assert.Null(Normalize.Text("   "));
    }

    [Fact]
    public void Money_adds_exactly_in_one_currency()
    {
        var sum = new Money(0.1m, "CNY") + new Money(0.2m, "CNY");
        Assert.Equal(new Money(0.3m, "CNY"), sum);
        Assert.Equal(new Money(12.35m, "CNY"), new Money(12.345m, "CNY").Rounded());
        Assert.Equal(-12.35m, Money.Round(-12.345m));
    }

    [Fact]
    public void Money_refuses_to_add_different_currencies()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Money(1m, "CNY") + new Money(1m, "USD"));
        Assert.Contains("CNY", error.Message);
    }

    [Theory]
    [InlineData("cny")]
    [InlineData("YUAN")]
    [InlineData("")]
    public void Money_needs_an_ISO_4217_code(string code) => Assert.Throws<ArgumentException>(() => new Money(1m, code));

    [Fact]
    public void A_stale_version_is_refused_before_anything_changes()
    {
        var error = Assert.Throws<Crm.BuildingBlocks.Application.PreconditionFailedException>(() => Versioning.EnsureCurrent("account", 3, 2));
        Assert.Equal(412, error.StatusCode);
        Versioning.EnsureCurrent("account", 3, 3);
        Versioning.EnsureCurrent("account", 3, null);
    }

    private static string[] Visible<T>(RecordScope scope)
        where T : class, IOwnedRecord, IThing =>
        Things.Select(t => (T)T.From(t)).AsQueryable().VisibleTo(scope).AsEnumerable().Select(t => t.Name).Order().ToArray();

    public interface IThing
    {
        static abstract IThing From(OwnedThing thing);

        string Name { get; }
    }

    public sealed record OwnedThing(string Name, Guid? OwnerId, Guid? BranchId) : IOwnedRecord, IThing
    {
        public static IThing From(OwnedThing thing) => thing;
    }

    public sealed record QueuedThing(string Name, Guid? OwnerId, Guid? BranchId) : IOwnedRecord, IThing
    {
        static bool IOwnedRecord.UnownedVisibleToAll => true;

        public static IThing From(OwnedThing thing) => new QueuedThing(thing.Name, thing.OwnerId, thing.BranchId);
    }
}
