using Crm.BuildingBlocks.Localization;

namespace Crm.BuildingBlocks.Application;

/// <summary>
/// An expected business outcome that maps to a problem-details response. The message is kept as a
/// <see cref="CrmText"/> so the answer can be given in the reader's language (ADR 0110).
/// </summary>
public abstract class CrmException(CrmText message) : Exception(message.ToString())
{
    /// <summary>The message as format and arguments, for translation.</summary>
    public CrmText Text { get; } = message;

    /// <summary>The message in the current UI culture, so every page that shows it reads in the user's language.</summary>
    public override string Message => ServerText.Translate(Text);

    /// <summary>The message in English, for logs.</summary>
    public string EnglishMessage => Text.ToString();

    public abstract int StatusCode { get; }

    public abstract string Title { get; }
}

/// <summary>404: the record does not exist (or is not visible).</summary>
public sealed class NotFoundException(CrmText message) : CrmException(message)
{
    public override int StatusCode => 404;

    public override string Title => "Not found";
}

/// <summary>
/// 403: the caller sees the record but may not do this to it (a read-only collaborator changing it, ADR 0131). A record
/// the caller may not see at all is a <see cref="NotFoundException"/>.
/// </summary>
public sealed class ForbiddenException(CrmText message) : CrmException(message)
{
    public override int StatusCode => 403;

    public override string Title => "Forbidden";
}

/// <summary>409: the request clashes with existing data, e.g. a duplicate; <see cref="Existing"/> is returned to the caller.</summary>
public sealed class ConflictException(CrmText message, object? existing = null) : CrmException(message)
{
    public object? Existing { get; } = existing;

    public override int StatusCode => 409;

    public override string Title => "Conflict";
}

/// <summary>412: the client's version (If-Match) is stale; reload and retry.</summary>
public sealed class PreconditionFailedException(CrmText message) : CrmException(message)
{
    public override int StatusCode => 412;

    public override string Title => "The record was changed by someone else";
}

/// <summary>422: a business rule refuses the change; the message says which and why.</summary>
public sealed class BusinessRuleException(CrmText message, string? field = null) : CrmException(message)
{
    public string? Field { get; } = field;

    public override int StatusCode => 422;

    public override string Title => "Business rule violated";
}
