using Crm.Accounts.PublicApi;

namespace Crm.BrokenSamples;

/// <summary>
/// Broken: uses the Accounts module's API although <see cref="BrokenModule"/> lists Accounts neither in Requires nor
/// in OptionalUses, and takes IAccountsApi directly instead of through IOptionalModule&lt;IAccountsApi&gt;.
/// </summary>
internal sealed class AccountNamer(IAccountsApi accounts)
{
    public IAccountsApi Accounts => accounts;
}
