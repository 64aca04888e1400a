using Crm.BuildingBlocks.Application;
using FluentValidation;

namespace Crm.Web.Components.Forms;

/// <summary>
/// The one way a page sends a request and learns what went wrong: validation failures and field-bound business rules
/// become messages under their fields (<see cref="Errors"/>), a conflict that carries the existing record (a duplicate)
/// is handed to the page (<see cref="Conflict"/>), and every other business error (412 someone saved first, 404 deleted
/// meanwhile, a rule without a field) becomes one alert (<see cref="Problem"/>). Show it with <see cref="FormAlerts"/>,
/// which also puts the user on the first message. Anything else is a defect and reaches the circuit's error handling.
/// </summary>
public sealed class FormFeedback
{
    public FieldErrors Errors { get; } = new();

    /// <summary>The business error of the last run that belongs to no field, or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>The last run's conflict that names an existing record (<see cref="ConflictException.Existing"/>), or null.</summary>
    public ConflictException? Conflict { get; private set; }

    /// <summary>The exception behind <see cref="Problem"/>, for pages that react to its kind (412: reload the record).</summary>
    public CrmException? Refusal { get; private set; }

    public bool Busy { get; private set; }

    /// <summary>
    /// Business errors the page explains itself, in its own words and with its own choices (a stale pipeline offers
    /// "Reload", a colleague's duplicate lead "Save anyway"): they are kept in <see cref="Refusal"/> but not shown as
    /// <see cref="Problem"/>.
    /// </summary>
    public Func<CrmException, bool>? ShownByPage { get; init; }

    public bool Failed => Errors.Any || Problem is not null || Conflict is not null || Refusal is not null;

    /// <summary>Grows with every failed run, so <see cref="FormAlerts"/> reveals each failure once.</summary>
    public int Failures { get; private set; }

    /// <summary>Runs <paramref name="work"/>; true when it succeeded. A second run while one is going is ignored (double click).</summary>
    public async Task<bool> RunAsync(Func<Task> work)
    {
        if (Busy)
        {
            return false;
        }

        Clear();
        Busy = true;
        try
        {
            await work();
            return true;
        }
        catch (ValidationException ex)
        {
            Errors.Set(ex.Errors);
        }
        catch (BusinessRuleException ex) when (ex.Field is not null)
        {
            Errors.Add(ex.Field, ex.Message);
        }
        catch (ConflictException ex) when (ex.Existing is not null)
        {
            Conflict = ex;
        }
        catch (CrmException ex)
        {
            Problem = ShownByPage?.Invoke(ex) == true ? null : ex.Message;
            Refusal = ex;
        }
        finally
        {
            Busy = false;
        }

        Failures++;
        return false;
    }

    /// <summary>Sends a request and returns its answer, or null when it failed (the reason is in this object).</summary>
    public async Task<T?> SendAsync<T>(Func<Task<T>> work)
        where T : class
    {
        T? result = null;
        await RunAsync(async () => result = await work());
        return result;
    }

    /// <summary>Forgets the last outcome (e.g. when a dialog opens again).</summary>
    public void Clear()
    {
        Errors.Clear();
        Problem = null;
        Refusal = null;
        Conflict = null;
    }

    /// <summary>Shows a field message found on the page itself (before sending) like one the server reported.</summary>
    public void Fail(string field, string message)
    {
        Errors.Add(field, message);
        Failures++;
    }

    /// <summary>Shows a problem found on the page itself (before sending) like one the server reported.</summary>
    public void Fail(string problem)
    {
        Problem = problem;
        Failures++;
    }
}
