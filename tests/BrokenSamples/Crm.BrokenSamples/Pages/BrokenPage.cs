using MediatR;

namespace Crm.BrokenSamples.Pages;

/// <summary>Broken: a page holding the circuit-scoped mediator instead of UiMediator.</summary>
internal sealed class BrokenPage(IMediator mediator)
{
    public Task<int> CountAsync() => mediator.Send(new CountThings());
}

internal sealed record CountThings : IRequest<int>;

/// <summary>The text resource of <see cref="BrokenModule"/>'s menu entry; it has no resources at all.</summary>
internal sealed class BrokenText;
