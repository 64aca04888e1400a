using Crm.Accounts.Domain;
using Crm.Accounts.Features.Contacts;
using Crm.Accounts.Features.CreateAccount;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.PublicApi;

internal sealed class AccountsApi(AccountsDbContext db, ICurrentUser user, TimeProvider clock, IMediator mediator, IRecordVisibility visibility) : IAccountsApi
{
    public async Task<AccountSummary?> GetSummaryAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        (await GetSummariesAsync([accountId], cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<AccountSummary>> GetSummariesAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken = default)
    {
        var ids = accountIds.Distinct().ToList();
        var rows = await db.Accounts.AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Name, a.Kind, a.Type, a.Stage, a.OwnerId, a.BranchId, a.CreditStatus, a.CreditLimit, a.Currency, a.ArchivedAtUtc })
            .ToListAsync(cancellationToken);
        return rows.Select(a => new AccountSummary(
                a.Id, a.Name, a.Kind.ToString(), a.Type.ToString(), a.Stage.ToString(), a.OwnerId, a.BranchId, a.CreditStatus.ToString(),
                a.CreditLimit, a.ArchivedAtUtc != null, a.Currency))
            .ToList();
    }

    public async Task<IReadOnlyList<AccountSummary>> ListSummariesAsync(int limit, Guid? ownerId = null, string? search = null, CancellationToken cancellationToken = default)
    {
        // A picker in another module's page must not offer accounts the person could not open; background work
        // (seeding, workflows) has no person and sees them all.
        var scope = await visibility.GetScopeAsync(cancellationToken);
        var query = db.Accounts.AsNoTracking().VisibleTo(scope).Where(a => a.ArchivedAtUtc == null);
        if (ownerId is { } owner)
        {
            query = query.Where(a => a.OwnerId == owner);
        }

        // A picker's few typed words: read along the name order until enough match (no need for the list's trigram index).
        foreach (var term in (search ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5))
        {
            query = query.Where(a => a.SearchText.Contains(term));
        }

        var rows = await query.OrderBy(a => a.Name).ThenBy(a => a.Id).Take(Math.Clamp(limit, 1, 1000))
            .Select(a => new { a.Id, a.Name, a.Kind, a.Type, a.Stage, a.OwnerId, a.BranchId, a.CreditStatus, a.CreditLimit, a.Currency })
            .ToListAsync(cancellationToken);
        return rows.Select(a => new AccountSummary(
                a.Id, a.Name, a.Kind.ToString(), a.Type.ToString(), a.Stage.ToString(), a.OwnerId, a.BranchId, a.CreditStatus.ToString(), a.CreditLimit, false, a.Currency))
            .ToList();
    }

    public async Task<Guid?> GetOwnerAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.OwnerId).FirstOrDefaultAsync(cancellationToken);

    public async Task<AccountCredit?> GetCreditAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var row = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.CreditLimit, a.Currency, a.CreditStatus })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new AccountCredit(accountId, new Money(row.CreditLimit, row.Currency), row.CreditStatus.ToString());
    }

    public async Task<AccountCreation> CreateAccountAsync(NewAccount account, CancellationToken cancellationToken = default)
    {
        // The same command as POST /api/accounts: validation, duplicate detection and the AccountCreated event apply.
        var contacts = account.Contacts ?? [];
        var command = new CreateAccountCommand(
            account.Name, account.Kind, "Customer", null, account.Source, account.Industry, account.TaxId, account.Email, account.Phone, account.Website,
            account.City, account.Address, account.Notes, account.BranchId, null, null, null, account.Stage, account.OwnerId,
            contacts.Select(c => new CreateContact(c.Name, c.Title, c.Email, c.Phone, c.IsPrimary)).ToList())
        {
            CarriesOverCodes = true,
        };
        AccountResponse created;
        try
        {
            created = await mediator.Send(command, cancellationToken);
        }
        catch (ConflictException ex)
        {
            // IAccountsApi answers for the system: the existing account is returned whoever owns it (the 409 a person
            // gets from the API hides a colleague's record; the calling module decides what to show). Validation has
            // passed when the conflict is raised, so the command's fields parse.
            var duplicate = ex.Existing as DuplicateMatch
                            ?? await DuplicateFinder.FindAsync(db, AccountFields.ToDetails(command, Currencies.DefaultCompanyCurrency), null, cancellationToken);
            if (duplicate is null)
            {
                throw;
            }

            return new AccountCreation(duplicate.Id, false, duplicate.MatchedOn, []);
        }

        // Match each requested contact to a created one (the response orders contacts primary first, then by name).
        var unused = created.Contacts.ToList();
        var ids = new List<Guid>();
        foreach (var contact in contacts)
        {
            var match = unused.First(c => c.Name == contact.Name.Trim() && c.Email == Normalize.Text(contact.Email) && c.Phone == Normalize.Text(contact.Phone));
            unused.Remove(match);
            ids.Add(match.Id);
        }

        return new AccountCreation(created.Id, true, null, ids);
    }

    public async Task<ContactCreation> AddContactAsync(Guid accountId, NewContact contact, CancellationToken cancellationToken = default)
    {
        // Not through the contact endpoint's handler: that one loads the account within the caller's record visibility,
        // and this API answers for the system (a salesperson converting a lead may link it to a colleague's customer).
        await new SaveContactValidator().ValidateAndThrowAsync(
            new SaveContactCommand(contact.Name, contact.Title, contact.Email, contact.Phone, contact.IsPrimary), cancellationToken);
        var account = await db.Accounts.Include(a => a.Contacts).FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken)
                      ?? throw new NotFoundException($"Account {accountId} does not exist.");
        var email = Normalize.Email(contact.Email);
        var same = email is not null
            ? account.Contacts.FirstOrDefault(c => Normalize.Email(c.Email) == email)
            : account.Contacts.FirstOrDefault(c => c.Email is null && string.Equals(c.Name, contact.Name.Trim(), StringComparison.OrdinalIgnoreCase)
                                                  && Normalize.Phone(c.Phone) == Normalize.Phone(contact.Phone));
        if (same is not null)
        {
            return new ContactCreation(same.Id, false);
        }

        var added = account.AddContact(new ContactDetails(contact.Name, contact.Title, contact.Email, contact.Phone, contact.IsPrimary), user.Id, clock.GetUtcNow().UtcDateTime);
        db.Contacts.Add(added);
        await db.SaveChangesAsync(cancellationToken);
        return new ContactCreation(added.Id, true);
    }
}
