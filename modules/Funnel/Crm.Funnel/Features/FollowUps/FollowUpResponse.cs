using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.FollowUps;

internal sealed record FollowUpResponse(
    Guid Id, FollowUpSubject Subject, Guid SubjectId, FollowUpChannel Channel, string Summary, DateTime OccurredAt, DateTime? NextFollowUpAt, string RecordedBy, DateTime RecordedAt)
{
    public static FollowUpResponse From(FollowUp f) =>
        new(f.Id, f.Subject, f.SubjectId, f.Channel, f.Summary, f.OccurredAtUtc, f.NextFollowUpAtUtc, f.RecordedBy, f.RecordedAtUtc);
}
