using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Interview.Tests.Unit.Yjs;

/// <summary>
/// Runs yjs-oracle.mjs under Node with the web app's yjs. Missing Node or yjs is a test failure with install
/// instructions, never a skip: the differential suite is the proof that the C# port matches yjs.
/// </summary>
internal static class YjsOracle
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Unit", "Yjs", "yjs-oracle.mjs");

    /// <summary>Sends one request, returns the parsed response.</summary>
    public static JsonObject Run(JsonObject request)
    {
        string webDir = FindWebDir();
        Assert.True(File.Exists(ScriptPath),
            $"yjs-oracle.mjs was not copied next to the tests ({ScriptPath}); the test csproj needs " +
            "<None Include=\"Unit\\Yjs\\yjs-oracle.mjs\" CopyToOutputDirectory=\"PreserveNewest\" />.");
        Assert.True(File.Exists(Path.Combine(webDir, "node_modules", "yjs", "package.json")),
            $"yjs is not installed in {webDir}/node_modules. Run `npm ci` (or `npm install`) in {webDir}; " +
            "the differential Yjs tests compare against that yjs package.");

        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(ScriptPath);
        psi.Environment["INTERVIEW_WEB_DIR"] = webDir;

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"Node.js is required for the Yjs differential tests but `node` could not be started ({ex.Message}). " +
                        "Install Node.js 20+ (e.g. `apt-get install nodejs`) and make sure `node` is on PATH.");
            throw;
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(request.ToJsonString());
            process.StandardInput.Close();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"yjs-oracle.mjs did not finish within {Timeout.TotalSeconds} s");
            }

            process.WaitForExit();
            string output = stdout.GetAwaiter().GetResult();
            string errors = stderr.GetAwaiter().GetResult();
            Assert.True(process.ExitCode == 0, $"yjs-oracle.mjs failed with exit code {process.ExitCode}: {errors}");
            return JsonNode.Parse(output)!.AsObject();
        }
    }

    /// <summary>
    /// The repo root is the first ancestor of the test binaries holding Interview.sln(x); yjs lives in its
    /// interview-web folder. Outside the repo, INTERVIEW_WEB_DIR names that folder directly.
    /// </summary>
    public static string FindWebDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Interview.sln")) ||
                File.Exists(Path.Combine(dir.FullName, "Interview.slnx")))
            {
                return Path.Combine(dir.FullName, "interview-web");
            }
        }

        string? env = Environment.GetEnvironmentVariable("INTERVIEW_WEB_DIR");
        if (!string.IsNullOrWhiteSpace(env))
        {
            return env;
        }

        Assert.Fail("Cannot locate the web app for the Yjs differential tests: no Interview.sln above " +
                    $"{AppContext.BaseDirectory} and INTERVIEW_WEB_DIR is not set. Set INTERVIEW_WEB_DIR to a folder " +
                    "whose node_modules contains yjs 13.6.x (npm install yjs@13.6.33).");
        return string.Empty;
    }
}
