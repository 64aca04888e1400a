using System.Text.Json;
using Crm.Workflows.Runtime.Execution;
using Crm.Workflows.Runtime.Model;
using Crm.Workflows.Runtime.Values;

namespace Crm.Workflows.Runtime.Expressions;

/// <summary>
/// Evaluates an input's expression to the target type (spec 3.1): Literal, Object (JSON text), Variable (a JSON
/// variable reference, looked up by id), Input (a JSON input definition, read from the workflow input) and JavaScript
/// (sandboxed Jint). Liquid, C# and Python are not offered by our descriptors and fault when met in imports.
/// </summary>
internal static class ExpressionEvaluator
{
    public static object? Evaluate(WorkflowExecution workflow, ActivityExecution scope, ExpressionModel expression, Type targetType)
    {
        var type = expression.Type;
        if (Is(type, ExpressionModel.Literal))
        {
            return ValueConverter.ConvertTo(expression.Value, targetType);
        }

        if (Is(type, ExpressionModel.JavaScript))
        {
            var script = expression.Value as string;
            if (string.IsNullOrWhiteSpace(script))
            {
                return null;
            }

            return ValueConverter.ConvertTo(workflow.Engine.JavaScript.Evaluate(script, workflow, scope), targetType);
        }

        if (Is(type, ExpressionModel.Object) || Is(type, ExpressionModel.Json))
        {
            return ValueConverter.ConvertTo(ParseJsonValue(expression.Value, "Object"), targetType);
        }

        if (Is(type, ExpressionModel.Variable))
        {
            var reference = ParseReference(expression.Value);
            var variable = (reference.Id is { } id ? workflow.FindVariableById(scope, id) : null)
                           ?? (reference.Name is { } name ? workflow.FindVariable(scope, name) : null);
            return ValueConverter.ConvertTo(variable?.Value, targetType);
        }

        if (Is(type, ExpressionModel.Input))
        {
            var reference = ParseReference(expression.Value);
            return reference.Name is { } inputName ? ValueConverter.ConvertTo(workflow.GetWorkflowInput(inputName), targetType) : null;
        }

        throw new ExpressionEvaluationException($"Expression type '{type}' is not supported by this workflow server.");
    }

    private static bool Is(string type, string expected) => string.Equals(type, expected, StringComparison.OrdinalIgnoreCase);

    private static object? ParseJsonValue(object? value, string kind)
    {
        if (value is not string text)
        {
            return value;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return PlainValue.ParseJson(text);
        }
        catch (JsonException e)
        {
            throw new ExpressionEvaluationException($"{kind} expression is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Studio writes the whole variable or input definition as JSON text; a bare string is taken as id and name.</summary>
    private static (string? Id, string? Name) ParseReference(object? value)
    {
        if (value is string text && !text.TrimStart().StartsWith('{'))
        {
            return string.IsNullOrWhiteSpace(text) ? (null, null) : (text, text);
        }

        return ParseJsonValue(value, "Reference") is Dictionary<string, object?> map
            ? (map.GetValueOrDefault("id") as string, map.GetValueOrDefault("name") as string)
            : (null, null);
    }
}

/// <summary>An expression could not be evaluated (a JavaScript error or limit, invalid JSON, an unsupported type).</summary>
internal sealed class ExpressionEvaluationException(string message, Exception? inner = null) : Exception(message, inner);
