using System.Text.Json.Nodes;
using Crm.Workflows.Descriptors;

namespace Crm.Workflows.Api;

/// <summary>
/// Computes the options of an input when Studio asks for them (<c>POST /descriptors/activities/{type}/options/{input}</c>,
/// sent with the activity's current input values as <c>context</c>), e.g. users of a branch. Register more with
/// <c>services.AddSingleton&lt;IActivityInputOptionsProvider, ...&gt;()</c>; the last registered provider that answers wins.
/// </summary>
internal interface IActivityInputOptionsProvider
{
    /// <summary>The input's new <c>uiSpecifications</c>, or null when this provider does not serve that input.</summary>
    ValueTask<IDictionary<string, object?>?> GetOptionsAsync(ActivityDescriptor activity, InputDescriptor input, JsonObject? context, CancellationToken cancellationToken);
}

/// <summary>The options declared on the input itself (<c>[Input(Options = ...)]</c> or an enum's members).</summary>
internal sealed class FixedInputOptionsProvider : IActivityInputOptionsProvider
{
    public ValueTask<IDictionary<string, object?>?> GetOptionsAsync(ActivityDescriptor activity, InputDescriptor input, JsonObject? context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IDictionary<string, object?>?>(DescriptorModels.FixedOptions(input));
}
