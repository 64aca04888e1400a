using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Instances;

/// <summary>A suspended instance outlives its process: everything it needs is in the database.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_workflow_suspended_in_one_host_finishes_in_a_new_host_on_the_same_data()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "crm-tests", "restart-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var settings = new Dictionary<string, string?> { ["Database:DataDirectory"] = dataDirectory };
        try
        {
            string instanceId, bookmarkId;
            using (var first = new CrmApp(enabledModules: [], settings: settings))
            {
                var api = new InstanceApi(first.CreateClient());
                var definitionId = await api.PublishAsync(new WorkflowJson()
                    .Activity("start", "Elsa.Start")
                    .Activity("wait", "Elsa.Event", ("eventName", Literal("AfterRestart")))
                    .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
                    .Chain("start", "wait", "after"));
                (instanceId, _) = await api.ExecuteAsync(definitionId);
                bookmarkId = (await api.SingleBookmarkAsync(instanceId)).Str("id");
            }

            using var second = new CrmApp(enabledModules: [], settings: settings);
            var again = new InstanceApi(second.CreateClient());
            Assert.Equal("Suspended", (await again.InstanceAsync(instanceId)).Str("subStatus"));
            var resumed = await again.PostAsync($"/bookmarks/{bookmarkId}/resume", new JsonObject());
            Assert.Equal("Finished", resumed.Str("subStatus"));
            Assert.Contains("after:Completed", await again.JournalEventsAsync(instanceId));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open leaves a temp folder behind; not a test failure.
            }
        }
    }
}
