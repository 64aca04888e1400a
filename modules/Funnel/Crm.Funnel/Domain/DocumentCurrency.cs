namespace Crm.Funnel.Domain;

/// <summary>
/// The currency a document (opportunity, quote) is priced in and the rate to the company currency taken when it was
/// chosen: company-currency units per unit of <see cref="Code"/>, 1 for the company currency itself (docs/adr/0090).
/// </summary>
internal sealed record DocumentCurrency(string Code, decimal Rate);
