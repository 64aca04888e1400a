using Crm.BuildingBlocks.PublicApi;

namespace Crm.Workflows.Abstractions;

/// <summary>
/// A blocking activity whose wait ends when an integration event of <typeparamref name="TEvent"/> is published, e.g.
/// "Wait for follow-up" and LeadFollowedUp. When the event is dispatched, the runtime asks each such activity type
/// which bookmark the event means (<see cref="BookmarkFor"/>) and resumes every instance waiting on exactly that
/// bookmark, with the event's properties (camelCase) as the resume input. The activity must suspend with the same name
/// and payload. A bookmark that also has a <see cref="Bookmark.ResumeAtUtc"/> ends with whichever comes first.
/// </summary>
public interface IResumedByEvent<TEvent> : IBlockingActivity
    where TEvent : IIntegrationEvent
{
    /// <summary>
    /// The bookmark (name and payload) the event resumes, or null when it resumes none. Called on an instance created for
    /// the purpose (inputs not set), so it must depend on the event only.
    /// </summary>
    Bookmark? BookmarkFor(TEvent integrationEvent);
}
