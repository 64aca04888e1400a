namespace Crm.Identity.Pages;

/// <summary>The user administration pages' texts: <c>IdentityText.resx</c> (English), one <c>IdentityText.&lt;culture&gt;.resx</c> per language.</summary>
internal sealed class IdentityText;
