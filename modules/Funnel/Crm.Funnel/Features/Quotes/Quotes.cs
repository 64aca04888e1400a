using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Opportunities;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Quotes;

/// <summary>A new quote for an opportunity; without lines it starts from the opportunity's product lines.</summary>
internal sealed record CreateQuoteCommand(DateOnly? ValidUntil, decimal? HeaderDiscountPercent, string? Terms, string? Notes, IReadOnlyList<LineInput>? Lines)
    : IRequest<QuoteResponse>
{
    [JsonIgnore]
    public Guid OpportunityId { get; init; }
}

internal sealed record UpdateQuoteCommand(DateOnly? ValidUntil, decimal? HeaderDiscountPercent, string? Terms, string? Notes, IReadOnlyList<LineInput>? Lines, long? Version)
    : IRequest<QuoteResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed record GetQuoteQuery(Guid Id) : IRequest<QuoteResponse>;

internal sealed record ListQuotesQuery(Guid? OpportunityId, string? Status, int PageSize) : IRequest<IReadOnlyList<QuoteResponse>>;

internal sealed record SubmitQuoteCommand(Guid Id) : IRequest<QuoteResponse>;

/// <summary>The approver's decision on a discount (a manager through the API, or the workflow's "Set quote approval").</summary>
internal sealed record DecideQuoteCommand(bool? Approved, string? Comment) : IRequest<QuoteResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }

    /// <summary>Set by the workflow activity (the approver from its task); otherwise the calling user.</summary>
    [JsonIgnore]
    public string? DecidedBy { get; init; }
}

internal sealed record SendQuoteCommand(Guid Id) : IRequest<QuoteResponse>;

internal sealed record AcceptQuoteCommand(Guid Id) : IRequest<QuoteResponse>;

internal sealed record DeclineQuoteCommand(string? Comment) : IRequest<QuoteResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed record ReviseQuoteCommand(Guid Id) : IRequest<QuoteResponse>;

internal sealed class CreateQuoteValidator : AbstractValidator<CreateQuoteCommand>
{
    public CreateQuoteValidator()
    {
        RuleFor(c => c.HeaderDiscountPercent).Percent("Header discount");
        RuleFor(c => c.Terms).MaximumLength(4000);
        RuleFor(c => c.Notes).MaximumLength(4000);
        RuleFor(c => c.Lines).Must(l => l is null || l.Count <= Quote.MaxLines).WithMessage($"At most {Quote.MaxLines} lines.");
        RuleForEach(c => c.Lines).SetValidator(new LineInputValidator());
    }
}

internal sealed class UpdateQuoteValidator : AbstractValidator<UpdateQuoteCommand>
{
    public UpdateQuoteValidator()
    {
        RuleFor(c => c.ValidUntil).NotNull().WithMessage("Valid-until date is required.");
        RuleFor(c => c.HeaderDiscountPercent).Percent("Header discount");
        RuleFor(c => c.Terms).MaximumLength(4000);
        RuleFor(c => c.Notes).MaximumLength(4000);
        RuleFor(c => c.Lines).NotNull().WithMessage("Send the lines.")
            .Must(l => l is null || l.Count <= Quote.MaxLines).WithMessage($"At most {Quote.MaxLines} lines.");
        RuleForEach(c => c.Lines).SetValidator(new LineInputValidator());
    }
}

internal sealed class DecideQuoteValidator : AbstractValidator<DecideQuoteCommand>
{
    public DecideQuoteValidator()
    {
        RuleFor(c => c.Approved).NotNull().WithMessage("Say whether the discount is approved (approved: true or false).");
        RuleFor(c => c.Comment).MaximumLength(1000);
    }
}

internal sealed class ListQuotesValidator : AbstractValidator<ListQuotesQuery>
{
    public ListQuotesValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
        RuleFor(q => q.Status).Must(Fields.IsEnumOrEmpty<QuoteStatus>).WithMessage($"Status must be one of {Fields.Names<QuoteStatus>()}.");
    }
}

internal sealed class QuoteHandlers(FunnelDbContext db, FunnelOptions options, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock)
    : IRequestHandler<CreateQuoteCommand, QuoteResponse>,
        IRequestHandler<UpdateQuoteCommand, QuoteResponse>,
        IRequestHandler<GetQuoteQuery, QuoteResponse>,
        IRequestHandler<ListQuotesQuery, IReadOnlyList<QuoteResponse>>,
        IRequestHandler<SubmitQuoteCommand, QuoteResponse>,
        IRequestHandler<DecideQuoteCommand, QuoteResponse>,
        IRequestHandler<SendQuoteCommand, QuoteResponse>,
        IRequestHandler<AcceptQuoteCommand, QuoteResponse>,
        IRequestHandler<DeclineQuoteCommand, QuoteResponse>,
        IRequestHandler<ReviseQuoteCommand, QuoteResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private DateOnly Today => DateOnly.FromDateTime(Now);

    public async Task<QuoteResponse> Handle(CreateQuoteCommand command, CancellationToken cancellationToken)
    {
        var opportunity = await db.LoadOpportunityAsync(command.OpportunityId, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        opportunity.EnsureOpen();
        var now = Now;
        var lines = command.Lines is { } given
            ? given.Select(l => l.ToDetails()).ToList()
            : opportunity.Lines.OrderBy(l => l.Position).Select(l => new LineDetails(l.ProductCode, l.Description, l.Quantity, l.UnitPrice, l.DiscountPercent)).ToList();
        var number = await QuoteNumbers.NextAsync(db, now, cancellationToken);
        var quote = Quote.Create(
            number, opportunity,
            new QuoteDetails(command.ValidUntil ?? Today.AddDays(options.Quotes.DefaultValidityDays), command.HeaderDiscountPercent ?? 0m, command.Terms, command.Notes),
            lines, user.Id, now);
        db.Quotes.Add(quote);
        await db.SaveChangesAsync(cancellationToken);
        return QuoteResponse.From(quote);
    }

    public async Task<QuoteResponse> Handle(UpdateQuoteCommand command, CancellationToken cancellationToken)
    {
        var quote = await db.LoadQuoteAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        Versioning.EnsureCurrent("quote", quote.Version, command.Version);
        db.QuoteLines.RemoveRange(quote.Lines);
        quote.Update(new QuoteDetails(command.ValidUntil!.Value, command.HeaderDiscountPercent ?? 0m, command.Terms, command.Notes),
            command.Lines!.Select(l => l.ToDetails()).ToList(), user.Id, Now);
        db.QuoteLines.AddRange(quote.Lines);
        await db.SaveChangesAsync(cancellationToken);
        return QuoteResponse.From(quote);
    }

    public async Task<QuoteResponse> Handle(GetQuoteQuery query, CancellationToken cancellationToken) =>
        QuoteResponse.From(await Visible(db.Quotes.AsNoTracking().Include(q => q.Lines), await visibility.GetScopeAsync(cancellationToken))
                               .FirstOrDefaultAsync(q => q.Id == query.Id, cancellationToken)
                           ?? throw new NotFoundException($"Quote {query.Id} does not exist."));

    public async Task<IReadOnlyList<QuoteResponse>> Handle(ListQuotesQuery query, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);
        var quotes = Visible(db.Quotes.AsNoTracking().Include(q => q.Lines), scope);
        if (query.OpportunityId is { } opportunityId)
        {
            if (!await db.Opportunities.VisibleTo(scope).AnyAsync(o => o.Id == opportunityId, cancellationToken))
            {
                throw new NotFoundException($"Opportunity {opportunityId} does not exist.");
            }

            quotes = quotes.Where(q => q.OpportunityId == opportunityId);
        }

        if (Fields.ParseOrNull<QuoteStatus>(query.Status) is { } status)
        {
            quotes = quotes.Where(q => q.Status == status);
        }

        return (await quotes.OrderByDescending(q => q.CreatedAtUtc).ThenByDescending(q => q.Revision).Take(query.PageSize).ToListAsync(cancellationToken))
            .Select(QuoteResponse.From).ToList();
    }

    public Task<QuoteResponse> Handle(SubmitQuoteCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Id, q => q.Submit(options.Quotes.DiscountApprovalThresholdPercent, Today, user.Id, Now), cancellationToken);

    public Task<QuoteResponse> Handle(DecideQuoteCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Id, q => q.Decide(command.Approved!.Value, command.Comment, command.DecidedBy ?? user.Id, Now), cancellationToken);

    public Task<QuoteResponse> Handle(SendQuoteCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Id, q => q.MarkSent(Today, user.Id, Now), cancellationToken);

    public Task<QuoteResponse> Handle(DeclineQuoteCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Id, q => q.Decline(command.Comment, user.Id, Now), cancellationToken);

    public async Task<QuoteResponse> Handle(AcceptQuoteCommand command, CancellationToken cancellationToken)
    {
        var quote = await db.LoadQuoteAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        if (await db.Quotes.AnyAsync(q => q.OpportunityId == quote.OpportunityId && q.Status == QuoteStatus.Accepted && q.Id != quote.Id, cancellationToken))
        {
            throw new BusinessRuleException("Another quote of this opportunity is already accepted.");
        }

        // The opportunity's amount becomes the quote's total, so its statistics change in the same transaction.
        await OpportunityWriter.ChangeAsync(db, quote.OpportunityId, RecordScope.All, null, (o, _) => quote.Accept(o, Today, user.Id, Now), cancellationToken);
        return QuoteResponse.From(quote);
    }

    public async Task<QuoteResponse> Handle(ReviseQuoteCommand command, CancellationToken cancellationToken)
    {
        var quote = await db.LoadQuoteAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        var latest = await db.Quotes.Where(q => q.Number == quote.Number).MaxAsync(q => q.Revision, cancellationToken);
        if (latest != quote.Revision)
        {
            throw new BusinessRuleException($"Revision {latest} of {quote.Number} is newer; revise that one.");
        }

        var next = quote.Revise(user.Id, Now);
        db.Quotes.Add(next);
        await db.SaveChangesAsync(cancellationToken);
        return QuoteResponse.From(next);
    }

    /// <summary>Quotes whose opportunity the caller may see.</summary>
    private IQueryable<Quote> Visible(IQueryable<Quote> quotes, RecordScope scope) =>
        scope.IsAll ? quotes : quotes.Where(q => db.Opportunities.VisibleTo(scope).Any(o => o.Id == q.OpportunityId));

    private async Task<QuoteResponse> ChangeAsync(Guid id, Action<Quote> change, CancellationToken cancellationToken)
    {
        var quote = await db.LoadQuoteAsync(id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        change(quote);
        await db.SaveChangesAsync(cancellationToken);
        return QuoteResponse.From(quote);
    }
}

internal static class QuoteEndpoints
{
    internal static void MapQuotes(this IEndpointRouteBuilder app)
    {
        app.MapPost("/opportunities/{id:guid}/quotes", async (Guid id, CreateQuoteCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var quote = await mediator.Send(command with { OpportunityId = id }, ct);
                return TypedResults.Created($"/api/funnel/quotes/{quote.Id}", quote);
            })
            .WithName("CreateQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Create a draft quote for an opportunity (lines default to the opportunity's; validity to Funnel:Quotes:DefaultValidityDays)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/opportunities/{id:guid}/quotes", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListQuotesQuery(id, null, 200), ct)))
            .WithName("ListOpportunityQuotes")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The quotes of an opportunity, every revision, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/quotes", async (string? status, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListQuotesQuery(null, status, pageSize ?? 50), ct)))
            .WithName("ListQuotes")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Quotes, newest first, e.g. ?status=PendingApproval for the approvers")
            .ProducesValidationProblem();

        app.MapGet("/quotes/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetQuoteQuery(id), ct)))
            .WithName("GetQuote")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("One quote revision with its lines and totals")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPut("/quotes/{id:guid}", async (Guid id, UpdateQuoteCommand command, IMediator mediator, HttpRequest request, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("UpdateQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Edit a draft or rejected quote (a rejected one goes back to draft)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/quotes/{id:guid}/submit", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new SubmitQuoteCommand(id), ct)))
            .WithName("SubmitQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Submit a draft: approved at once, or PendingApproval when the discount is above Funnel:Quotes:DiscountApprovalThresholdPercent (starts the discount-approval workflow)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/quotes/{id:guid}/approval", async (Guid id, DecideQuoteCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .WithName("DecideQuoteDiscount")
            .RequireAuthorization(CrmPolicies.FunnelApprove)
            .WithSummary("Approve or reject the discount of a quote pending approval")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/quotes/{id:guid}/send", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new SendQuoteCommand(id), ct)))
            .WithName("SendQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Mark an approved quote as sent to the customer")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/quotes/{id:guid}/accept", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new AcceptQuoteCommand(id), ct)))
            .WithName("AcceptQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("The customer accepted: the opportunity's amount becomes the quote's total (QuoteAccepted event)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/quotes/{id:guid}/decline", async (Guid id, DeclineQuoteCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .WithName("DeclineQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("The customer declined the quote")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/quotes/{id:guid}/revisions", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                var revision = await mediator.Send(new ReviseQuoteCommand(id), ct);
                return TypedResults.Created($"/api/funnel/quotes/{revision.Id}", revision);
            })
            .WithName("ReviseQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("A new revision (same number, next version) as a draft; this one becomes Superseded")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
