using Crm.BuildingBlocks.Localization;
using FluentValidation;
using MediatR;

namespace Crm.BuildingBlocks.Application;

/// <summary>
/// Checks the bounds every request shares (<see cref="InputRules"/>), then runs the request's own validators before its
/// handler; failures become a 400 with field errors.
/// </summary>
internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>(InputRules.Inspect(request));
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(new ValidationContext<TRequest>(request), cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            // Translated here, once, so the API's problem details and the pages' field errors read alike (ADR 0110).
            foreach (var failure in failures)
            {
                failure.ErrorMessage = ServerText.Translate(failure.ErrorMessage);
            }

            throw new ValidationException(failures);
        }

        return await next();
    }
}
