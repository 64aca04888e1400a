using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Acornima;
using Acornima.Ast;
using Crm.Workflows.Runtime.Execution;
using Crm.Workflows.Runtime.Values;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Crm.Workflows.Runtime.Expressions;

/// <summary>Limits for JavaScript expressions. Scripts are user content: every limit applies to every evaluation.</summary>
internal sealed record JavaScriptOptions
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public long MemoryLimitBytes { get; init; } = 16 * 1024 * 1024;

    public int MaxRecursionDepth { get; init; } = 64;

    /// <summary>0 disables the statement limit (the timeout still applies).</summary>
    public int MaxStatements { get; init; } = 1_000_000;

    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Evaluates JavaScript expressions with Jint in a sandbox: a fresh engine per evaluation (no state leaks between
/// expressions or instances), CLR interop disabled (no importNamespace, no System, no wrapped .NET objects: every
/// value crosses as plain JavaScript data), no eval/Function, and time, memory, recursion and statement limits.
/// Exposes Elsa's functions (spec 3.2): getVariable/setVariable, get&lt;Var&gt;/set&lt;Var&gt;, the variables object,
/// getInput and the input object, getOutputFrom, getLastResult, the workflow identity and correlation functions and a
/// few helpers. Parsed scripts are cached across instances.
/// </summary>
internal sealed partial class JavaScriptEvaluator(JavaScriptOptions options)
{
    private const int MaxCachedScripts = 4096;

    private static readonly ConcurrentDictionary<string, Prepared<Script>> Scripts = new(StringComparer.Ordinal);

    private static readonly ScriptPreparationOptions Preparation = new()
    {
        // Elsa allows both "return x > 1;" and a bare "x > 1".
        ParsingOptions = new ScriptParsingOptions { AllowReturnOutsideFunction = true },
    };

    /// <summary>
    /// Dates turn into text as ISO 8601 (2026-12-07T09:30:00.000Z) instead of JavaScript's "Mon Dec 07 2026 09:30:00
    /// GMT+0000 (Coordinated Universal Time)": a task title built as <c>'Call back on ' + getInput('due')</c> is read by
    /// people and by the inbox, which shows ISO dates in the user's zone. Date arithmetic is unchanged.
    /// </summary>
    private static readonly Prepared<Script> IsoDateText = Engine.PrepareScript(
        "Date.prototype.toString = function () { return isNaN(this.getTime()) ? 'Invalid Date' : this.toISOString(); };");

    public JavaScriptOptions Options { get; } = options;

    public object? Evaluate(string script, WorkflowExecution workflow, ActivityExecution? scope)
    {
        var prepared = Prepare(script);
        var engine = new Engine(o =>
        {
            o.Interop.Enabled = false;
            o.Host.StringCompilationAllowed = false;
            o.TimeoutInterval(Options.Timeout);
            o.LimitMemory(Options.MemoryLimitBytes);
            o.LimitRecursion(Options.MaxRecursionDepth);
            if (Options.MaxStatements > 0)
            {
                o.MaxStatements(Options.MaxStatements);
            }

            o.Constraints.RegexTimeout = Options.RegexTimeout;
            o.CancellationToken(workflow.CancellationToken);
        });

        var scopeBinding = new ScriptScope(engine, workflow, scope, script);
        try
        {
            engine.Execute(IsoDateText);
            var result = engine.Evaluate(prepared);
            scopeBinding.WriteBackVariables();
            return FromJs(result);
        }
        catch (ExecutionCanceledException) when (workflow.CancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(workflow.CancellationToken);
        }
        catch (JavaScriptException e)
        {
            throw new ExpressionEvaluationException($"JavaScript error: {e.Message}", e);
        }
        catch (TimeoutException e)
        {
            throw new ExpressionEvaluationException($"JavaScript expression ran longer than {Options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.", e);
        }
        catch (Exception e) when (e is MemoryLimitExceededException or StatementsCountOverflowException or RecursionDepthOverflowException or JintException)
        {
            throw new ExpressionEvaluationException($"JavaScript expression exceeded a limit: {e.Message}", e);
        }
    }

    /// <summary>
    /// Why <paramref name="script"/> does not parse, as "message (line l, column c)", or null when it parses. Publish
    /// uses it, so a typo is found in the designer and not by the first instance that runs the activity.
    /// </summary>
    public static string? SyntaxError(string script)
    {
        if (string.IsNullOrWhiteSpace(script) || Scripts.ContainsKey(script))
        {
            return null;
        }

        try
        {
            Engine.PrepareScript(script, options: Preparation);
            return null;
        }
        catch (ParseErrorException e)
        {
            return $"{e.Description} (line {e.LineNumber.ToString(CultureInfo.InvariantCulture)}, column {e.Column.ToString(CultureInfo.InvariantCulture)})";
        }
        catch (ScriptPreparationException e)
        {
            return e.InnerException is ParseErrorException parse
                ? $"{parse.Description} (line {parse.LineNumber.ToString(CultureInfo.InvariantCulture)}, column {parse.Column.ToString(CultureInfo.InvariantCulture)})"
                : e.Message;
        }
    }

    private static Prepared<Script> Prepare(string script)
    {
        if (Scripts.TryGetValue(script, out var cached))
        {
            return cached;
        }

        Prepared<Script> prepared;
        try
        {
            prepared = Engine.PrepareScript(script, options: Preparation);
        }
        catch (Exception e) when (e is ParseErrorException or ScriptPreparationException)
        {
            throw new ExpressionEvaluationException($"JavaScript syntax error: {e.Message}", e);
        }

        // Bounded so that generated scripts cannot grow the cache without limit; beyond it scripts are parsed each time.
        if (Scripts.Count < MaxCachedScripts)
        {
            Scripts.TryAdd(script, prepared);
        }

        return prepared;
    }

    /// <summary>A plain CLR value (see <see cref="PlainValue"/>) to JavaScript data. Never wraps a CLR object.</summary>
    internal static JsValue ToJs(Engine engine, object? value)
    {
        switch (PlainValue.From(value))
        {
            case null:
                return JsValue.Null;
            case string s:
                return s;
            case bool b:
                return b;
            case int i:
                return i;
            case long l:
                return l;
            case double d:
                return d;
            case float f:
                return f;
            case short sh:
                return sh;
            case byte by:
                return (int)by;
            case decimal m:
                return (double)m;
            case DateTime dt:
                return engine.Construct("Date", new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt).ToUnixTimeMilliseconds());
            case DateTimeOffset dto:
                return engine.Construct("Date", dto.ToUnixTimeMilliseconds());
            case TimeSpan ts:
                return ts.ToString("c", CultureInfo.InvariantCulture);
            case Guid g:
                return g.ToString();
            case Dictionary<string, object?> map:
                var obj = new JsObject(engine);
                foreach (var (key, item) in map)
                {
                    obj.Set(key, ToJs(engine, item));
                }

                return obj;
            case List<object?> list:
                var items = new JsValue[list.Count];
                for (var i = 0; i < list.Count; i++)
                {
                    items[i] = ToJs(engine, list[i]);
                }

                return new JsArray(engine, items);
            case var other:
                // POCOs from SDK outputs: their JSON, never the object itself.
                return new JsonParser(engine).Parse(PlainValue.ToJson(other));
        }
    }

    /// <summary>JavaScript data to a plain CLR value: objects become dictionaries, arrays lists, numbers doubles.</summary>
    internal static object? FromJs(JsValue value) => FromJs(value, 0);

    private static object? FromJs(JsValue value, int depth)
    {
        if (depth > PlainValue.MaxDepth)
        {
            throw new ExpressionEvaluationException($"JavaScript returned a value nested deeper than {PlainValue.MaxDepth} levels.");
        }

        if (value.IsNull() || value.IsUndefined() || value is Jint.Native.Function.Function || value.IsSymbol())
        {
            return null;
        }

        if (value.IsArray())
        {
            var array = value.AsArray();
            var list = new List<object?>((int)array.Length);
            for (uint i = 0; i < array.Length; i++)
            {
                list.Add(FromJs(array.Get(i), depth + 1));
            }

            return list;
        }

        if (value.IsDate())
        {
            return value.AsDate().ToDateTime().ToUniversalTime();
        }

        if (value is ObjectInstance obj && !value.IsRegExp())
        {
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var key in obj.GetOwnPropertyKeys(Types.String))
            {
                var property = obj.GetOwnProperty(key);
                if (property.Enumerable)
                {
                    map[key.ToString()] = FromJs(obj.Get(key), depth + 1);
                }
            }

            return map;
        }

        return PlainValue.From(value.ToObject());
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex IdentifierPattern();

    /// <summary>The globals of one evaluation, bound to the workflow and the activity's variable scope.</summary>
    private sealed class ScriptScope
    {
        private readonly Engine _engine;
        private readonly WorkflowExecution _workflow;
        private readonly ActivityExecution? _scope;
        private readonly JsObject? _variables;
        private readonly Dictionary<string, JsValue> _variablesSnapshot = new(StringComparer.Ordinal);

        public ScriptScope(Engine engine, WorkflowExecution workflow, ActivityExecution? scope, string script)
        {
            _engine = engine;
            _workflow = workflow;
            _scope = scope;
            var state = workflow.State;

            Function("getVariable", args => ToJs(engine, workflow.GetVariable(scope, Text(args, 0) ?? string.Empty)));
            Function("setVariable", args =>
            {
                SetVariable(Text(args, 0) ?? string.Empty, Arg(args, 1));
                return JsValue.Undefined;
            });
            Function("getInput", args => ToJs(engine, workflow.GetWorkflowInput(Text(args, 0) ?? string.Empty)));
            Function("getOutputFrom", args => ToJs(engine, GetOutput(Text(args, 0), Text(args, 1))));
            Function("getOutput", args => ToJs(engine, GetOutput(Text(args, 0), Text(args, 1))));
            Function("getLastResult", _ => ToJs(engine, workflow.LastResult));
            Function("getWorkflowInstanceId", _ => state.Id);
            Function("getWorkflowDefinitionId", _ => state.DefinitionId);
            Function("getWorkflowDefinitionVersionId", _ => state.DefinitionVersionId);
            Function("getWorkflowDefinitionVersion", _ => state.DefinitionVersion);
            Function("getCorrelationId", _ => state.CorrelationId is { } c ? c : JsValue.Null);
            Function("setCorrelationId", args =>
            {
                state.CorrelationId = Text(args, 0);
                return JsValue.Undefined;
            });
            Function("getWorkflowInstanceName", _ => state.Name is { } n ? n : JsValue.Null);
            Function("setWorkflowInstanceName", args =>
            {
                state.Name = Text(args, 0);
                return JsValue.Undefined;
            });
            Function("isNullOrWhiteSpace", args => string.IsNullOrWhiteSpace(Text(args, 0)));
            Function("isNullOrEmpty", args => string.IsNullOrEmpty(Text(args, 0)));
            Function("toJson", args => PlainValue.ToJson(FromJs(Arg(args, 0))));
            Function("parseGuid", args => Guid.TryParse(Text(args, 0), out var g) ? g.ToString() : JsValue.Null);
            Function("newGuid", _ => Guid.NewGuid().ToString());
            Function("newGuidString", _ => Guid.NewGuid().ToString());
            Function("newShortGuid", _ => Guid.NewGuid().ToString("N")[..12]);

            // Per-variable accessors and the variables/input objects cost a conversion per variable, so they are only
            // built when the script mentions them.
            foreach (var variable in workflow.VariablesInScope(scope).DistinctBy(v => v.Name))
            {
                if (!IdentifierPattern().IsMatch(variable.Name))
                {
                    continue;
                }

                // A variable called "Input" or "Variable" must not replace getInput()/getVariable(): first come wins.
                var pascal = char.ToUpperInvariant(variable.Name[0]) + variable.Name[1..];
                if (script.Contains("get" + pascal, StringComparison.Ordinal) && engine.GetValue("get" + pascal).IsUndefined())
                {
                    var name = variable.Name;
                    Function("get" + pascal, _ => ToJs(engine, workflow.GetVariable(scope, name)));
                }

                if (script.Contains("set" + pascal, StringComparison.Ordinal) && engine.GetValue("set" + pascal).IsUndefined())
                {
                    var name = variable.Name;
                    Function("set" + pascal, args =>
                    {
                        SetVariable(name, Arg(args, 0));
                        return JsValue.Undefined;
                    });
                }
            }

            foreach (var input in workflow.Definition.Inputs.Where(i => IdentifierPattern().IsMatch(i.Name)))
            {
                var getter = "get" + char.ToUpperInvariant(input.Name[0]) + input.Name[1..];
                if (script.Contains(getter, StringComparison.Ordinal) && engine.GetValue(getter).IsUndefined())
                {
                    var name = input.Name;
                    Function(getter, _ => ToJs(engine, workflow.GetWorkflowInput(name)));
                }
            }

            if (script.Contains("variables", StringComparison.Ordinal))
            {
                _variables = new JsObject(engine);
                foreach (var variable in workflow.VariablesInScope(scope).DistinctBy(v => v.Name))
                {
                    var value = ToJs(engine, variable.Value);
                    _variables.Set(variable.Name, value);
                    _variablesSnapshot[variable.Name] = value;
                }

                engine.SetValue("variables", _variables);
            }

            if (script.Contains("input", StringComparison.Ordinal))
            {
                engine.SetValue("input", ToJs(engine, state.Input));
            }
        }

        /// <summary>Assignments to variables.x (and objects that may have been changed in place) go back to the workflow.</summary>
        public void WriteBackVariables()
        {
            if (_variables is null)
            {
                return;
            }

            foreach (var key in _variables.GetOwnPropertyKeys(Types.String))
            {
                var name = key.ToString();
                var value = _variables.Get(key);
                if (!_variablesSnapshot.TryGetValue(name, out var before) || !ReferenceEquals(before, value) || value.IsObject())
                {
                    _workflow.SetVariable(_scope, name, FromJs(value));
                }
            }
        }

        private void SetVariable(string name, JsValue value)
        {
            _workflow.SetVariable(_scope, name, FromJs(value));
            if (_variables is not null)
            {
                // Keep the variables object in step, so a later read of variables.x sees the new value and the
                // write-back does not restore the old one.
                var current = ToJs(_engine, _workflow.GetVariable(_scope, name));
                _variables.Set(name, current);
                _variablesSnapshot[name] = current;
            }
        }

        private object? GetOutput(string? activityIdOrName, string? outputName)
        {
            if (string.IsNullOrEmpty(activityIdOrName))
            {
                return null;
            }

            var outputs = _workflow.State.ActivityOutputs;
            if (!outputs.TryGetValue(activityIdOrName, out var values))
            {
                var byName = _workflow.Definition.AllActivities.FirstOrDefault(a => a.Name == activityIdOrName);
                if (byName is null || !outputs.TryGetValue(byName.Id, out values))
                {
                    return null;
                }
            }

            if (outputName is not null)
            {
                return values.TryGetValue(outputName, out var named) ? named
                    : values.FirstOrDefault(p => string.Equals(p.Key, outputName, StringComparison.OrdinalIgnoreCase)).Value;
            }

            return values.Count == 1 ? values.Values.First()
                : values.FirstOrDefault(p => string.Equals(p.Key, "result", StringComparison.OrdinalIgnoreCase)).Value;
        }

        private void Function(string name, Func<JsValue[], JsValue> body) =>
            _engine.SetValue(name, new ClrFunction(_engine, name, (_, args) => body(args)));

        private static JsValue Arg(JsValue[] args, int index) => index < args.Length ? args[index] : JsValue.Undefined;

        private static string? Text(JsValue[] args, int index)
        {
            var value = Arg(args, index);
            return value.IsNull() || value.IsUndefined() ? null : value.IsString() ? value.AsString() : Convert.ToString(FromJs(value), CultureInfo.InvariantCulture);
        }
    }
}
