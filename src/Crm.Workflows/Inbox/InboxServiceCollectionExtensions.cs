using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Modules;
using Crm.Workflows.Inbox.Features.ClaimTask;
using Crm.Workflows.Inbox.Features.CompleteTask;
using Crm.Workflows.Inbox.Features.DelegateTask;
using Crm.Workflows.Inbox.Features.GetTask;
using Crm.Workflows.Inbox.Features.ListTasks;
using Crm.Workflows.Inbox.Features.OutOfOffice;
using Crm.Workflows.Inbox.Features.PreviewTransfer;
using Crm.Workflows.Inbox.Features.ReassignTask;
using Crm.Workflows.Inbox.Features.TeamWorkload;
using Crm.Workflows.Inbox.Features.TransferWork;
using Crm.Workflows.Inbox.Runtime;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Inbox.Templates;
using Crm.Workflows.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Workflows.Inbox;

/// <summary>The task inbox: part of the workflow server (its tasks are written in the workflows' transactions).</summary>
internal static class InboxServiceCollectionExtensions
{
    public static IServiceCollection AddInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleMediator(typeof(InboxServiceCollectionExtensions).Assembly);
        services.AddScoped<StaffLookup>();
        services.AddScoped<InboxUser>();
        services.AddScoped<InboxEvents>();
        services.AddScoped<WorkTransfer>();
        services.AddScoped<IWorkflowBurstObserver, InboxBurstObserver>();

        // The Inbox pages and the home page's "My open tasks", in the web UI.
        services.AddSingleton<IModuleUi, Pages.InboxUi>();
        if (configuration.GetValue("Workflows:Inbox:ImportTemplates", true))
        {
            services.AddHostedService<TemplateImporter>();
        }

        return services;
    }

    /// <summary>Maps <c>/api/inbox</c> (in the OpenAPI document, unlike the designer's <c>/elsa/api</c>).</summary>
    public static IEndpointRouteBuilder MapInbox(this IEndpointRouteBuilder endpoints)
    {
        // Every member of staff has an inbox; who may act on which task (the assignee, a queue member, a manager) is
        // decided per task by the handlers, not by role.
        var inbox = endpoints.MapGroup("/api/inbox").WithTags("Inbox").RequireAuthorization(CrmPolicies.SignedIn);
        inbox.MapListTasks();
        inbox.MapGetTask();
        inbox.MapClaimTask();
        inbox.MapCompleteTask();
        inbox.MapDelegateTask();
        inbox.MapReassignTask();
        inbox.MapOutOfOffice();
        inbox.MapTransferWork();
        inbox.MapPreviewTransfer();
        inbox.MapTeamWorkload();
        return endpoints;
    }
}
