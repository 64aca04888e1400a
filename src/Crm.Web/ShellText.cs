namespace Crm.Web;

/// <summary>The shell's UI texts: <c>ShellText.resx</c> (English) and one <c>ShellText.&lt;culture&gt;.resx</c> per language.</summary>
internal sealed class ShellText;
