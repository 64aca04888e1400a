using Crm.Accounts.Domain;
using Crm.BuildingBlocks.Application;
using Microsoft.AspNetCore.Http;

namespace Crm.Accounts.Features.Shared;

/// <summary>ETag / If-Match handling: the account's <see cref="Account.Version"/> is its entity tag.</summary>
internal static class Versioning
{
    public static string ETag(long version) => $"\"{version}\"";

    public static void SetETag(HttpResponse response, long version) => response.Headers.ETag = ETag(version);

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
    public static void EnsureCurrent(Account account, long? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != account.Version)
        {
            throw new PreconditionFailedException(
                $"The account was changed by someone else (you have version {expected}, the current one is {account.Version}). Reload it and apply your change again.");
        }
    }
}
