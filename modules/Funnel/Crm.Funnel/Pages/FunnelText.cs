namespace Crm.Funnel.Pages;

/// <summary>The Funnel pages' UI texts: <c>FunnelText.resx</c> (English), one <c>FunnelText.&lt;culture&gt;.resx</c> per language.</summary>
internal sealed class FunnelText;
