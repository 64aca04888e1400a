using Crm.Accounts.PublicApi;
using Crm.BuildingBlocks.Modules;

namespace Crm.BrokenSamples;

/// <summary>Not broken: the one sanctioned way to use an optional module's API (the optional-use rule accepts it).</summary>
internal sealed class OptionalUser(IOptionalModule<IAccountsApi> accounts)
{
    public bool CanName => accounts.IsEnabled;
}
