namespace Crm.Workflows.Inbox.Pages;

/// <summary>The inbox pages' texts: <c>InboxText.resx</c> (English), one <c>InboxText.&lt;culture&gt;.resx</c> per language.</summary>
internal sealed class InboxText;
