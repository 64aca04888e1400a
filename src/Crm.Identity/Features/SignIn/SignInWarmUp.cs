using Crm.BuildingBlocks.Hosting;
using Crm.Identity.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Identity.Features.SignIn;

/// <summary>
/// The sign-in path before the first user takes it: the Identity stores and managers, the user-name lookup query, and
/// one hash and verification with the configured hasher (PBKDF2's first call JIT-compiles and primes the crypto
/// provider). Nothing is written: the looked-up name cannot exist and the password is random.
/// </summary>
internal sealed class SignInWarmUp : IWarmUp
{
    public string Name => "Sign-in";

    public async Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<CrmUser>>();
        _ = services.GetRequiredService<SignInManager<CrmUser>>();
        _ = await users.FindByNameAsync("warm-up-" + Guid.NewGuid().ToString("N"));

        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var hash = users.PasswordHasher.HashPassword(new CrmUser(), password);
        users.PasswordHasher.VerifyHashedPassword(new CrmUser(), hash, password);
    }
}
