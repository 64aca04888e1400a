namespace Crm.Funnel.Pages.Pipelines;

/// <summary>
/// The pipeline settings pages' UI texts: <c>PipelineText.resx</c> (English), one <c>PipelineText.&lt;culture&gt;.resx</c>
/// per language. The stage kinds' names stay in <see cref="FunnelText"/>, which the board and opportunity pages share.
/// </summary>
internal sealed class PipelineText;
