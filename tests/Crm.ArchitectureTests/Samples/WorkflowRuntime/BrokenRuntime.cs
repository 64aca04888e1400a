// A deliberately broken layering, compiled only into this test project: runtime types that reach into the inbox and
// the API. WorkflowRuntimeTests checks that its rule names exactly these two.
namespace Crm.ArchitectureTests.Samples.WorkflowRuntime.Inbox
{
    internal sealed class TaskList
    {
        public int Count { get; set; }
    }
}

namespace Crm.ArchitectureTests.Samples.WorkflowRuntime.Api
{
    internal static class ProblemAnswers
    {
        public static string NotFound(string id) => "not found: " + id;
    }
}

namespace Crm.ArchitectureTests.Samples.WorkflowRuntime.Runtime
{
    internal sealed class RunnerThatCreatesTasks
    {
        public int Run(Inbox.TaskList tasks) => ++tasks.Count;
    }

    internal sealed class RunnerThatAnswersHttp
    {
        public string Run(string id) => Api.ProblemAnswers.NotFound(id);
    }

    internal sealed class RunnerThatKeepsToItself
    {
        public int Run(int bursts) => bursts + 1;
    }
}
