using Crm.TestKit;
using Xunit;

namespace Crm.Host.Tests;

internal static class StartUp
{
    /// <summary>
    /// Starts the app expecting start-up to fail, and returns the innermost exception that says why (the host may
    /// wrap it, e.g. in an AggregateException or a TargetInvocationException).
    /// </summary>
    public static Exception Fails(CrmApp app)
    {
        var thrown = Record.Exception(() => app.CreateClient());
        Assert.NotNull(thrown);
        var error = thrown;
        while (error.InnerException is not null && error is AggregateException or System.Reflection.TargetInvocationException)
        {
            error = error.InnerException;
        }

        return error;
    }
}
