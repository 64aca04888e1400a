namespace Crm.Funnel.Pages.Campaigns;

/// <summary>
/// The campaign pages' UI texts: <c>CampaignText.resx</c> (English), one <c>CampaignText.&lt;culture&gt;.resx</c> per
/// language. The enum names (type, status, participant type) stay in <see cref="FunnelText"/>, which other pages share.
/// </summary>
internal sealed class CampaignText;
