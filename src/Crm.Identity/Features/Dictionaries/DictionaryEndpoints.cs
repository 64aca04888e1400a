using Crm.BuildingBlocks.Identity;
using Crm.Identity.Features.Dictionaries.AddEntry;
using Crm.Identity.Features.Dictionaries.CreateDictionary;
using Crm.Identity.Features.Dictionaries.GetDictionary;
using Crm.Identity.Features.Dictionaries.ListDictionaries;
using Crm.Identity.Features.Dictionaries.RelabelEntry;
using Crm.Identity.Features.Dictionaries.ReorderEntries;
using Crm.Identity.Features.Dictionaries.RetireEntry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Identity.Features.Dictionaries;

/// <summary>
/// <c>/api/dictionaries</c>: every signed-in user reads them (every form picks from them); changes need
/// <see cref="CrmPolicies.SystemSetup"/>, the administrators and implementers who set the installation up.
/// </summary>
internal static class DictionaryEndpoints
{
    internal static void MapDictionaryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/dictionaries").WithTags("Dictionaries").RequireAuthorization(CrmPolicies.SignedIn);
        group.MapListDictionaries();
        group.MapGetDictionary();
        group.MapCreateDictionary().RequireAuthorization(CrmPolicies.SystemSetup);
        group.MapAddEntry().RequireAuthorization(CrmPolicies.SystemSetup);
        group.MapRelabelEntry().RequireAuthorization(CrmPolicies.SystemSetup);
        group.MapReorderEntries().RequireAuthorization(CrmPolicies.SystemSetup);
        group.MapRetireEntry().RequireAuthorization(CrmPolicies.SystemSetup);
        group.MapRestoreEntry().RequireAuthorization(CrmPolicies.SystemSetup);
    }
}
