using MediatR;

namespace Crm.BrokenSamples.PublicApi;

/// <summary>Broken: a MediatR request published to other modules (PublicApi is BCL-only and mediator-free).</summary>
public sealed record LeakyRequest(Guid Id) : IRequest<int>;
