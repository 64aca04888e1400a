namespace Crm.Branches.Pages.Calendars;

/// <summary>The business-calendar page's texts: <c>CalendarText.resx</c> (English), <c>CalendarText.zh-Hans.resx</c>.</summary>
internal sealed class CalendarText;
