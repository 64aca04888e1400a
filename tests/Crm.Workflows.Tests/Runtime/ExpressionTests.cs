using Crm.Workflows.Runtime;
using Crm.Workflows.Runtime.Expressions;
using Crm.Workflows.Runtime.Values;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Runtime;

public sealed class ExpressionTests
{
    private readonly EngineHarness _harness = new();

    private async Task<string?> EvaluateAsync(string script, IReadOnlyDictionary<string, object?>? input = null, Func<WorkflowJson, WorkflowJson>? setup = null)
    {
        var workflow = new WorkflowJson().Activity("show", "Elsa.WriteLine", ("text", Js(script)));
        workflow = setup?.Invoke(workflow) ?? workflow;
        var result = await _harness.StartAsync(workflow.Build(), input, correlationId: "corr-9");
        Assert.True(result.State.SubStatus == WorkflowSubStatus.Finished, result.State.Fault?.Message);
        return result.Lines().Single();
    }

    [Fact]
    public async Task JavaScript_sees_variables_by_name_in_every_form()
    {
        var text = await EvaluateAsync(
            "getVariable('Name') + '/' + variables.Name + '/' + getName() + '/' + (variables.Count + 1)",
            setup: w => w.Variable("v1", "Name", "String", "Ada").Variable("v2", "Count", "Int32", "41"));

        Assert.Equal("Ada/Ada/Ada/42", text);
    }

    [Fact]
    public async Task JavaScript_sets_variables_and_they_are_converted_to_the_declared_type()
    {
        var workflow = new WorkflowJson()
            .Variable("v1", "Count", "Int32", "0")
            .Variable("v2", "Tags", "String", isArray: true)
            .Activity("set", "Elsa.WriteLine", ("text", Js("setVariable('Count', '5'); variables.Tags = ['a', 'b']; setVariable('Fresh', {x: 1}); 'ok'")))
            .Activity("show", "Elsa.WriteLine", ("text", Js("getVariable('Count') * 2 + ' ' + getVariable('Tags').join('+') + ' ' + getVariable('Fresh').x")))
            .Chain("set", "show");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["ok", "10 a+b 1"], result.Lines());
        Assert.Equal(5, result.Variable("Count"));
        Assert.Equal(["a", "b"], (string[])result.Variable("Tags")!);
        Assert.Equal(new Dictionary<string, object?> { ["x"] = 1d }, result.Variable("Fresh"));
    }

    [Fact]
    public async Task SetVariable_inside_a_script_is_not_undone_by_the_variables_write_back()
    {
        var text = await EvaluateAsync("var before = variables.N; setVariable('N', 7); before + '->' + variables.N", setup: w => w.Variable("v", "N", "Int32", "1"));

        Assert.Equal("1->7", text);
    }

    [Fact]
    public async Task JavaScript_reads_workflow_input_through_getInput_and_the_input_object()
    {
        var input = new Dictionary<string, object?> { ["Customer"] = new Dictionary<string, object?> { ["name"] = "Contoso", ["vip"] = true }, ["Qty"] = 3 };

        var text = await EvaluateAsync("getInput('Customer').name + ' ' + input.Qty * 2 + ' ' + input.Customer.vip + ' ' + getInput('qty')", input);

        Assert.Equal("Contoso 6 true 3", text);
    }

    [Fact]
    public async Task A_variable_named_like_a_builtin_does_not_shadow_it()
    {
        var text = await EvaluateAsync("getInput('City') + ' ' + variables.Input", new Dictionary<string, object?> { ["City"] = "Oslo" },
            w => w.Variable("v", "Input", "String", "shadow"));

        Assert.Equal("Oslo shadow", text);
    }

    [Fact]
    public async Task JavaScript_knows_the_instance_and_correlation_ids()
    {
        Assert.Equal("instance-1 corr-9 wf-test wf-test-v1 1", await EvaluateAsync(
            "[getWorkflowInstanceId(), getCorrelationId(), getWorkflowDefinitionId(), getWorkflowDefinitionVersionId(), getWorkflowDefinitionVersion()].join(' ')"));
    }

    [Fact]
    public async Task JavaScript_reads_outputs_of_earlier_activities()
    {
        var workflow = new WorkflowJson()
            .Activity("greet", "Test.Greet", ("person", Literal("Bob")))
            .Activity("show", "Elsa.WriteLine", ("text", Js("getOutputFrom('greet', 'greeting') + ' | ' + getOutputFrom('Greet_greet') + ' | ' + getLastResult()")))
            .Connect("greet", "show", "Quiet");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["Hello, Bob | Hello, Bob | Hello, Bob"], result.Lines());
    }

    [Fact]
    public async Task JavaScript_allows_return_statements_and_helpers()
    {
        Assert.Equal("yes true false", await EvaluateAsync("if (isNullOrWhiteSpace(' ')) { return 'yes ' + isNullOrEmpty('') + ' ' + isNullOrEmpty('x'); } return 'no';"));
        Assert.Equal("{\"a\":[1,2]}", await EvaluateAsync("toJson({a: [1, 2]})"));
    }

    [Fact]
    public async Task JavaScript_dates_cross_as_dates()
    {
        var input = new Dictionary<string, object?> { ["Due"] = new DateTime(2026, 12, 24, 10, 0, 0, DateTimeKind.Utc) };

        Assert.Equal("2026-12-24T10:00:00.000Z", await EvaluateAsync("getInput('Due').toISOString()", input));
    }

    [Fact]
    public async Task Object_expressions_are_json()
    {
        var workflow = new WorkflowJson()
            .Variable("v", "Config", "Object")
            .Activity("set", "Elsa.SetVariable", ("variable", VariableRef("v", "Config")), ("value", Object("{\"limit\": 10, \"names\": [\"a\"]}")))
            .Activity("show", "Elsa.WriteLine", ("text", Js("getVariable('Config').limit + getVariable('Config').names[0]")))
            .Chain("set", "show");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["10a"], result.Lines());
    }

    [Fact]
    public async Task Variable_and_Input_expressions_resolve_references_as_Studio_writes_them()
    {
        var workflow = new WorkflowJson()
            .Variable("v-name", "Name", "String", "Grace")
            .Input("City", "String")
            .Activity("a", "Elsa.WriteLine", ("text", Wrapped("Variable", "{\"id\":\"v-name\",\"name\":\"Name\",\"typeName\":\"String\"}")))
            .Activity("b", "Elsa.WriteLine", ("text", Wrapped("Input", "{\"type\":\"String\",\"name\":\"City\"}")))
            .Chain("a", "b");

        var result = await _harness.StartAsync(workflow, new Dictionary<string, object?> { ["City"] = "Oslo" });

        Assert.Equal(["Grace", "Oslo"], result.Lines());
    }

    [Fact]
    public async Task Unsupported_expression_types_fault()
    {
        var workflow = new WorkflowJson().Activity("a", "Elsa.WriteLine", ("text", Wrapped("Liquid", "{{ Variables.X }}")));

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        Assert.Equal("Expression type 'Liquid' is not supported by this workflow server.", result.Incidents.Single().Message);
    }

    [Theory]
    [InlineData("True", typeof(bool), true)]
    [InlineData("false", typeof(bool), false)]
    [InlineData("3", typeof(int), 3)]
    [InlineData("9000000000", typeof(long), 9000000000L)]
    [InlineData("2.5", typeof(double), 2.5d)]
    [InlineData("", typeof(int), null)]
    [InlineData("MatchAny", typeof(System.DayOfWeek), null)]
    [InlineData("friday", typeof(System.DayOfWeek), DayOfWeek.Friday)]
    public void Literals_convert_with_the_invariant_culture(string literal, Type type, object? expected) =>
        Assert.Equal(expected ?? (type.IsValueType && literal.Length > 0 ? Activator.CreateInstance(type) : null), ValueConverter.ConvertTo(literal, type));

    [Fact]
    public void Literals_convert_to_decimals_timespans_dates_guids_and_json()
    {
        Assert.Equal(1500.5m, ValueConverter.ConvertTo("1500.5", typeof(decimal)));
        Assert.Equal(0m, ValueConverter.ConvertTo("1,500", typeof(decimal))); // Elsa's non-strict fallback
        Assert.Equal(TimeSpan.FromSeconds(5), ValueConverter.ConvertTo("00:00:05", typeof(TimeSpan)));
        Assert.Equal(new TimeSpan(1, 2, 3, 4), ValueConverter.ConvertTo("1.02:03:04", typeof(TimeSpan)));
        Assert.Equal(new DateTime(2026, 11, 22, 19, 35, 5, DateTimeKind.Utc), ValueConverter.ConvertTo("2026-11-22T19:35:05Z", typeof(DateTime)));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 19, 35, 5, TimeSpan.FromHours(1)), ValueConverter.ConvertTo("2026-11-22T19:35:05+01:00", typeof(DateTimeOffset)));
        Assert.Equal(Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), ValueConverter.ConvertTo("6f9619ff-8b86-d011-b42d-00cf4fc964ff", typeof(Guid)));
        Assert.Equal(["a", "b"], (string[])ValueConverter.ConvertTo("[\"a\",\"b\"]", typeof(string[]))!);
        Assert.Equal(["single"], (string[])ValueConverter.ConvertTo("single", typeof(string[]))!);
        Assert.Equal(new Dictionary<string, object?> { ["a"] = 1 }, ValueConverter.ConvertTo("{\"a\":1}", typeof(Dictionary<string, object?>)));
        Assert.Equal("{\"a\":1}", ValueConverter.ConvertTo("{\"a\":1}", typeof(object))); // Object keeps the string, as Elsa
        Assert.Equal(3, ValueConverter.ConvertTo(3.0d, typeof(int)));
        Assert.Equal("True", ValueConverter.ConvertTo(true, typeof(string)));
    }

    [Fact]
    public async Task Literal_inputs_with_typeName_null_are_typed_from_the_descriptor()
    {
        // Studio sends inputs of a freshly dropped activity with typeName null and string literals (contract 3a).
        var workflow = new WorkflowJson()
            .Activity("greet", "Test.Greet",
                ("person", Literal("Ann")),
                ("shout", Literal("True")),
                ("times", Literal("2")),
                ("amount", Literal("1500.5")),
                ("wait", Literal("00:00:05")),
                ("channel", Literal("Sms")));

        var result = await _harness.StartAsync(workflow);

        var state = result.ActivityExecutions.Single(r => r.ActivityId == "greet").ActivityState!;
        Assert.Equal("Ann", state["person"]);
        Assert.Equal(true, state["shout"]);
        Assert.Equal(2, state["times"]);
        Assert.Equal(1500.5m, state["amount"]);
        Assert.Equal(TimeSpan.FromSeconds(5), state["wait"]);
        Assert.Equal("Sms", state["channel"]);
        Assert.Equal("HELLO, ANN HELLO, ANN", result.Variable("Greeted"));
        Assert.Equal("greeted Ann via Sms, amount 1500.5, wait 00:00:05", result.Journal.Single(e => e.EventName == "Log").Message);
    }

    [Fact]
    public async Task Literal_json_numbers_and_booleans_are_accepted_like_strings()
    {
        var workflow = new WorkflowJson().Activity("greet", "Test.Greet", ("times", Literal(3)), ("shout", Literal(false)));

        var result = await _harness.StartAsync(workflow);

        Assert.Equal("Hello, nobody Hello, nobody Hello, nobody", result.Variable("Greeted"));
    }

    [Fact]
    public void The_sandbox_exposes_no_clr()
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions());
        var state = new WorkflowState { Variables = [new VariableState { Id = "o", Name = "Obj", Value = new Dictionary<string, object?> { ["a"] = 1 } }] };
        var workflow = new Crm.Workflows.Runtime.Execution.WorkflowExecution(
            _harness.Engine, new WorkflowJson().Build(), state, _harness.Services, CancellationToken.None);

        Assert.Equal("undefined undefined undefined undefined", evaluator.Evaluate(
            "[typeof importNamespace, typeof System, typeof require, typeof clr].join(' ')", workflow, null));
        Assert.Throws<ExpressionEvaluationException>(() => evaluator.Evaluate("eval('1')", workflow, null));
        Assert.Throws<ExpressionEvaluationException>(() => evaluator.Evaluate("getVariable.constructor('return this')()", workflow, null));
        Assert.Equal("undefined undefined", evaluator.Evaluate("typeof getVariable('Obj').GetType + ' ' + typeof getVariable.GetType", workflow, null));
    }
}
