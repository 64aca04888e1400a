using Crm.BuildingBlocks.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.BuildingBlocks.Records;

/// <summary>
/// ETag / If-Match for every versioned record: the record's <see cref="AuditedRecord.Version"/> is its entity tag.
/// A stale write answers 412 Precondition Failed, whether the client's version was already stale when the handler read
/// the record (<see cref="EnsureCurrent"/>) or became stale while it worked (the concurrency token; ADR 0066).
/// </summary>
public static class Versioning
{
    public static string ETag(long version) => $"\"{version}\"";

    private static void SetETag(HttpResponse response, long version) => response.Headers.ETag = ETag(version);

    /// <summary>200 with the record and its ETag: what every read or write of one versioned record answers.</summary>
    public static Ok<T> Ok<T>(HttpResponse response, T record)
        where T : IVersioned
    {
        SetETag(response, record.Version);
        return TypedResults.Ok(record);
    }

    /// <summary>201 with the new record, where it lives and its ETag.</summary>
    public static Created<T> Created<T>(HttpResponse response, string location, T record)
        where T : IVersioned
    {
        SetETag(response, record.Version);
        return TypedResults.Created(location, record);
    }

    /// <summary>The version the client last saw: If-Match wins over a <c>version</c> in the body; null when neither is sent.</summary>
    public static long? ExpectedVersion(HttpRequest request, long? bodyVersion)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return bodyVersion;
        }

        var text = ifMatch.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        return long.TryParse(text.Trim('"'), out var version)
            ? version
            : throw new BusinessRuleException("If-Match must be the ETag returned by the API, e.g. \"3\".", "If-Match");
    }

    /// <summary>Stale writes are refused before anything changes.</summary>
    public static void EnsureCurrent(string what, long current, long? expected)
    {
        if (expected is { } e && e != current)
        {
            throw new PreconditionFailedException(
                $"The {what} was changed by someone else (you have version {e}, the current one is {current}). Reload it and apply your change again.");
        }
    }
}

/// <summary>A response that carries its record's version, so <see cref="Versioning"/> can send it as the ETag.</summary>
public interface IVersioned
{
    long Version { get; }
}
