using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Crm.ScaleOut.Tests;

/// <summary>
/// One real <c>dotnet Crm.Host.dll</c> process: its own OS process, port and memory, sharing only the database (and
/// the data-protection key folder) with the others, as behind a load balancer. Its console output is kept for the
/// failure message.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    // Three hosts starting at once on two shared cores take their time; an idle machine needs about 15 s, one shared
    // by five builds more than four minutes.
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(420);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(string name, Process process, Uri address)
    {
        Name = name;
        _process = process;
        Address = address;
    }

    public string Name { get; }

    public Uri Address { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Runs a verb (<c>migrate</c>, <c>create-admin</c>) to completion; throws with its output if it fails.</summary>
    public static async Task RunVerbAsync(IReadOnlyDictionary<string, string> settings, params string[] verb)
    {
        using var process = Start(StartInfo(settings, verb));
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(StartLimit);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Crm.Host {string.Join(' ', verb)} exited with {process.ExitCode}:\n{string.Join('\n', output)}");
        }
    }

    /// <summary>Starts a host on a free local port and waits until <c>/health</c> answers.</summary>
    public static async Task<HostProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var info = StartInfo(settings, "--urls", address.ToString().TrimEnd('/'));
        var host = new HostProcess(name, Start(info), address);
        host._process.OutputDataReceived += (_, e) => host._output.Enqueue(e.Data ?? "");
        host._process.ErrorDataReceived += (_, e) => host._output.Enqueue(e.Data ?? "");
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow + StartLimit;
        var lastAnswer = "no answer";
        while (true)
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"Host {name} exited at start-up:\n{host.Output}");
            }

            try
            {
                var answer = await probe.GetAsync("/health");
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }

                lastAnswer = $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy machine: try again.
            }

            if (DateTime.UtcNow > deadline)
            {
                host.Dispose();
                throw new TimeoutException($"Host {name} did not answer /health with 200 within {StartLimit.TotalSeconds} s (last: {lastAnswer}):\n{host.Output}");
            }

            await Task.Delay(250);
        }
    }

    public string Output => string.Join('\n', _output.TakeLast(200));

    /// <summary>kill -9: no shutdown hooks, no Quartz stand-down, claims left as they are.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            // On Unix Process.Kill sends SIGKILL.
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        var hostDirectory = HostDirectory();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = hostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(hostDirectory, "Crm.Host.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Settings as environment variables (Section__Key): the command line is left to the verb and --urls.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return info;
    }

    private static Process Start(ProcessStartInfo info) =>
        Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");

    /// <summary>The host's own build output (built because TestKit references it), in this test's configuration.</summary>
    private static string HostDirectory()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory); // tests/Crm.ScaleOut.Tests/bin/<Configuration>/<tfm>/
        var tfm = testDirectory.Name;
        var configuration = testDirectory.Parent!.Name;
        var root = testDirectory;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Crm.Modular.sln")))
        {
            root = root.Parent;
        }

        var directory = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Crm.Modular.sln not found above the test folder."),
            "src", "Crm.Host", "bin", configuration, tfm);
        return File.Exists(Path.Combine(directory, "Crm.Host.dll"))
            ? directory
            : throw new InvalidOperationException($"No Crm.Host.dll in {directory}: build the test project first.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
