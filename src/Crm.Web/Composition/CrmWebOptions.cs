namespace Crm.Web.Composition;

/// <summary>Host facts the shell needs (set by the host in <c>AddCrmWeb</c>), and the <c>Ui</c> configuration section.</summary>
public sealed class CrmWebOptions
{
    /// <summary>The workflow designer is served under <c>/designer/</c>; the shell then shows its page and menu entry.</summary>
    public bool DesignerEnabled { get; set; }

    /// <summary>Where the API reference lives (a menu entry opening it in full); null hides the entry.</summary>
    public string? ApiReferencePath { get; set; } = "/scalar";

    /// <summary><c>Ui:Cultures</c>: the UI languages, first is the default. Each needs its .resx translations.</summary>
    public IList<string> Cultures { get; } = ["en", "zh-Hans"];
}
