using System.Security.Cryptography;
using System.Text;
using Crm.BuildingBlocks.Auditing;

namespace Crm.Identity.Domain;

/// <summary>
/// A credential for an integration, bound to a user whose roles it acts with. The key is shown once when issued;
/// only its SHA-256 is stored (a 256-bit random secret needs no slow hash: there is nothing to guess), and
/// <see cref="Prefix"/> finds the row without scanning.
/// </summary>
/// <remarks>Format: <c>crm_&lt;prefix&gt;_&lt;secret&gt;</c>, prefix 12 hex characters, secret 43 base64url characters.</remarks>
internal sealed class ApiKey : IAuditable
{
    public const string KeyStart = "crm_";

    private ApiKey()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    public string Prefix { get; private set; } = "";

    /// <summary>Hex SHA-256 of the whole key.</summary>
    public string SecretHash { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTime? ExpiresAtUtc { get; private set; }

    public DateTime? RevokedAtUtc { get; private set; }

    public string? RevokedBy { get; private set; }

    /// <summary>Updated at most once a minute, so a busy integration does not write on every call.</summary>
    public DateTime? LastUsedAtUtc { get; private set; }

    Guid IAuditable.AuditSubjectId => UserId;

    public static (ApiKey Key, string Secret) Issue(Guid userId, string name, DateTime? expiresAtUtc, string by, DateTime nowUtc)
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = KeyStart + prefix + "_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name.Trim(),
            Prefix = prefix,
            SecretHash = Hash(secret),
            CreatedAtUtc = nowUtc,
            CreatedBy = by,
            ExpiresAtUtc = expiresAtUtc,
        };
        return (key, secret);
    }

    /// <summary>The prefix of a presented key, or null when it is not in our format.</summary>
    public static string? PrefixOf(string presented)
    {
        if (!presented.StartsWith(KeyStart, StringComparison.Ordinal) || presented.Length < KeyStart.Length + 13)
        {
            return null;
        }

        var prefix = presented.Substring(KeyStart.Length, 12);
        return presented[KeyStart.Length + 12] == '_' && prefix.All(Uri.IsHexDigit) ? prefix : null;
    }

    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(SecretHash));

    public bool IsUsable(DateTime nowUtc) => RevokedAtUtc is null && (ExpiresAtUtc is null || ExpiresAtUtc > nowUtc);

    /// <summary>Revoking twice keeps the first revocation.</summary>
    public bool Revoke(string by, DateTime nowUtc)
    {
        if (RevokedAtUtc is not null)
        {
            return false;
        }

        RevokedAtUtc = nowUtc;
        RevokedBy = by;
        return true;
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
