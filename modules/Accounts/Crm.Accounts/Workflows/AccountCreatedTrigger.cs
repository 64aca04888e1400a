using Crm.Accounts.PublicApi.IntegrationEvents;
using Crm.Workflows.Abstractions;

namespace Crm.Accounts.Workflows;

/// <summary>
/// Starts a published workflow when an account is created (by hand, by import, or by another module). The event's
/// fields are the workflow's input (<c>getInput('accountId')</c>, <c>name</c>, <c>kind</c>, ...) and this activity's outputs.
/// </summary>
[Activity("Crm", "AccountCreated", Category = "CRM Accounts", DisplayName = "Account created", Kind = ActivityKind.Trigger,
    Description = "Starts the workflow when an account is created. Tick \"Trigger workflow\" on it.")]
internal sealed class AccountCreatedTrigger : IEventTrigger<AccountCreatedIntegrationEvent>
{
    [Output(Description = "Id of the new account.")]
    public string? AccountId { get; set; }

    [Output(Description = "Name of the new account.")]
    public string? Name { get; set; }

    [Output(Description = "Customer or Partner.")]
    public string? AccountKind { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        // Started by the event: its fields arrived as workflow input. Reached in the middle of a flow, there is no
        // event to wait for here (the trigger fires only as a start), so it completes with whatever input there is.
        AccountId = Text(context, "accountId");
        Name = Text(context, "name");
        AccountKind = Text(context, "kind");
        return ValueTask.FromResult(ActivityResult.Complete());
    }

    private static string? Text(ActivityContext context, string name) =>
        context.WorkflowInput.TryGetValue(name, out var value) ? value?.ToString() : null;
}
