using MediatR;

namespace Crm.ArchitectureTests.BrokenSamples;

// Deliberately breaks "one handler per use case": compiled here, never in production, so the rule's own test can
// prove it reports a bundle.
internal sealed record FirstSampleQuery : IRequest<int>;

internal sealed record SecondSampleCommand : IRequest<int>;

internal sealed class BundledSampleHandlers : IRequestHandler<FirstSampleQuery, int>, IRequestHandler<SecondSampleCommand, int>
{
    public Task<int> Handle(FirstSampleQuery request, CancellationToken cancellationToken) => Task.FromResult(1);

    public Task<int> Handle(SecondSampleCommand request, CancellationToken cancellationToken) => Task.FromResult(2);
}

internal sealed class SingleSampleHandler : IRequestHandler<FirstSampleQuery, int>
{
    public Task<int> Handle(FirstSampleQuery request, CancellationToken cancellationToken) => Task.FromResult(1);
}
