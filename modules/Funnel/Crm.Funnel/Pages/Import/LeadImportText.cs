namespace Crm.Funnel.Pages.Import;

/// <summary>
/// The lead import page's UI texts: <c>LeadImportText.resx</c> (English), one <c>LeadImportText.&lt;culture&gt;.resx</c>
/// per language. Texts the leads pages share (the list's title) stay in <see cref="FunnelText"/>.
/// </summary>
internal sealed class LeadImportText;
