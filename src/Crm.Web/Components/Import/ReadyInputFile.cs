using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Crm.Web.Components.Import;

/// <summary>
/// Blazor's <see cref="InputFile"/> that says when it can take a file. Its script hooks the change event only after
/// the first render, so a file chosen before that (a quick user, a browser test) is silently dropped. The base class
/// awaits that hook-up in its first after-render; once it returns this component reports <see cref="ReadyChanged"/>,
/// and <see cref="CsvImport"/> marks the input with <c>data-ready</c>, which people and tests can observe.
/// </summary>
public sealed class ReadyInputFile : InputFile
{
    [Parameter]
    public EventCallback ReadyChanged { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        if (firstRender)
        {
            await ReadyChanged.InvokeAsync();
        }
    }
}
