namespace Crm.Accounts.Pages;

/// <summary>The Accounts pages' UI texts: <c>AccountsText.resx</c> (English), one <c>AccountsText.&lt;culture&gt;.resx</c> per language.</summary>
internal sealed class AccountsText;
