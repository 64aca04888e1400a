using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Records;

namespace Crm.Accounts.Domain;

/// <summary>A person we deal with at an account.</summary>
internal sealed class Contact : IAuditable
{
    private Contact()
    {
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Name { get; private set; } = "";

    public string? Title { get; private set; }

    public string? Email { get; private set; }

    public string? Phone { get; private set; }

    public bool IsPrimary { get; internal set; }

    Guid IAuditable.AuditSubjectId => AccountId;

    internal static Contact Create(Guid accountId, ContactDetails details) => new()
    {
        Id = Guid.NewGuid(),
        AccountId = accountId,
        Name = details.Name.Trim(),
        Title = Normalize.Text(details.Title),
        Email = Normalize.Text(details.Email),
        Phone = Normalize.Text(details.Phone),
        IsPrimary = details.IsPrimary,
    };

    internal void Update(ContactDetails details)
    {
        Name = details.Name.Trim();
        Title = Normalize.Text(details.Title);
        Email = Normalize.Text(details.Email);
        Phone = Normalize.Text(details.Phone);
        IsPrimary = details.IsPrimary;
    }
}

internal sealed record ContactDetails(string Name, string? Title, string? Email, string? Phone, bool IsPrimary);
