using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;

namespace Crm.BuildingBlocks.Application;

internal sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            logger.LogDebug("{Request} handled in {ElapsedMs:0.0} ms", typeof(TRequest).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex)
        {
            // Expected outcomes (validation, conflicts) are information, not errors: the caller gets a problem response.
            var level = ex is CrmException or FluentValidation.ValidationException ? LogLevel.Information : LogLevel.Error;
            // Logs read the same whatever language the caller asked for (ADR 0110): a refusal is logged in English.
            var message = ex is CrmException crm ? crm.EnglishMessage : ex.Message;
            logger.Log(level, ex, "{Request} failed after {ElapsedMs:0.0} ms: {Message}", typeof(TRequest).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, message);
            throw;
        }
    }
}
