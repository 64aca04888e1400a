namespace Crm.Branches.Pages;

/// <summary>The organisation pages' UI texts: <c>BranchesText.resx</c> (English), one <c>BranchesText.&lt;culture&gt;.resx</c> per language.</summary>
internal sealed class BranchesText;
