using System.Diagnostics;
using System.Net;
using HanBench.Cli;
using HanBench.Host.Inventory;
using HanBench.Host.Ssi;
using Microsoft.Playwright;

namespace HanBench.Ssi.Tests;

/// <summary>
/// The Self-Service Interface as a person sees it: Debian's Chromium, headless, driven by Playwright. The inventory view
/// is read with JavaScript off (the read-only views must not need it); the live firmware view follows a real-time demo
/// on the same inventory without a reload. Screenshots go to <c>$HANBENCH_SCREENSHOTS</c> (the README's come from there),
/// else to the test results.
/// </summary>
[TestClass]
public sealed class SsiBrowserTests
{
    /// <summary>Where the browser is (Debian's package; <c>$HANBENCH_CHROMIUM</c> overrides).</summary>
    private static readonly string Chromium = Environment.GetEnvironmentVariable("HANBENCH_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private const string B1 = "00-DB-00-00-00-00-00-21";
    private const string B2 = "00-DB-00-00-00-00-00-22";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Inventory_JavaScriptOff_AltHanBridgesAreTheirOwnTypeWithVariants()
    {
        string folder = Directory.CreateTempSubdirectory("hanbench-ssi-browser-").FullName;
        try
        {
            string inventory = Path.Combine(folder, "inventory.db");
            int exit = HanBenchCli.Run(["demo", "--inventory", inventory, "--json"], TextWriter.Null, TextWriter.Null);
            Assert.AreEqual(0, exit, "the demo fills the inventory");
            using InventoryStore store = InventoryStore.Open(inventory);
            await using SsiServer server = await SsiServer.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), store);
            await using BrowserSession browser = await BrowserSession.StartAsync(javaScript: false);
            IPage page = browser.Page;

            await page.GotoAsync(new Uri(server.BaseAddress, "devices").ToString());
            await page.SelectOptionAsync("select[name=type]", SsiReadModel.AltHanDeviceType);

            // Waiting for the form's navigation starts before the click (no race with a fast one), and ends when the
            // server's page is parsed: with JavaScript off nothing on it loads later (a full CI run once timed out
            // waiting for the "load" event of a page that had been shown).
            Task filtered = page.WaitForURLAsync("**/devices?type=*", new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
            await page.ClickAsync("button");
            await filtered;
            IReadOnlyList<string> types = await page.Locator("#devices tbody tr td:nth-child(2)").AllInnerTextsAsync();
            IReadOnlyList<string> variants = await page.Locator("#devices tbody tr td:nth-child(3)").AllInnerTextsAsync();
            CollectionAssert.AreEqual(new[] { "B1", "B2", "B3", "B4" }, variants.ToArray());
            Assert.IsTrue(types.All(t => t == SsiReadModel.AltHanDeviceType), string.Join(",", types));
            await Screenshot(page, "ssi-inventory.png");

            await page.ClickAsync($"text={B1}");
            Assert.AreEqual("B1", await page.Locator("#fields tr:has(th:text-is('Alt HAN Variant')) td").InnerTextAsync());
            IReadOnlyList<string> components = await page.Locator("#firmware tbody tr td:first-child").AllInnerTextsAsync();
            CollectionAssert.AreEqual(new[] { FirmwareComponents.Broadcom, FirmwareComponents.SiLabs }, components.ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public async Task LiveDistribution_BridgeProgressRisesToActivatedWithoutReload_AlertsFollow()
    {
        string folder = Directory.CreateTempSubdirectory("hanbench-ssi-live-").FullName;
        Process? demo = null;
        try
        {
            string inventory = Path.Combine(folder, "inventory.db");
            var demoOutput = new System.Collections.Concurrent.ConcurrentQueue<string>();
            demo = StartDemo(inventory, demoOutput);
            using InventoryStore store = await OpenWhenCreated(inventory, demo, demoOutput);
            await using SsiServer server = await SsiServer.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), store);
            await using BrowserSession browser = await BrowserSession.StartAsync(javaScript: true);
            IPage page = browser.Page;
            await page.GotoAsync(new Uri(server.BaseAddress, "firmware").ToString());
            await page.EvaluateAsync("() => { window.hanbenchLoaded = 'once'; }");

            // The B2 SiLabs row: seen mid-transfer (a percent strictly between 0 and 100), then Activated — pushed, not reloaded.
            string row = $"#{SsiPages.ProgressRowsId} tr[data-device='{B2}'][data-component='{FirmwareComponents.SiLabs}']";
            var wait = new PageWaitForFunctionOptions { Timeout = 300_000, PollingInterval = 50 };
            await WaitOrSayWhy(page, demoOutput, "B2 SiLabs seen mid-transfer",
                $"() => {{ const r = document.querySelector(\"{row}\"); return r && r.dataset.state === 'Transferring' && +r.dataset.percent > 0 && +r.dataset.percent < 100; }}", wait);
            await Screenshot(page, "ssi-live-distribution.png");
            await WaitOrSayWhy(page, demoOutput, "B2 SiLabs Activated", $"() => {{ const r = document.querySelector(\"{row}\"); return r && r.dataset.state === 'Activated'; }}", wait);
            Assert.AreEqual("once", await page.EvaluateAsync<string>("() => window.hanbenchLoaded"), "the page was not reloaded");

            foreach (string code in new[] { "N59", "N62", "N39" })
            {
                await WaitOrSayWhy(page, demoOutput, $"{code} for B2 in the alert feed",
                    $"() => document.querySelector(\"#{SsiPages.AlertRowsId} tr[data-code='{code}'][data-device='{B2}']\") !== null", wait);
            }

            Assert.IsTrue(demo.WaitForExit(300_000), "the demo ends");
            Assert.AreEqual(0, demo.ExitCode, string.Join("\n", demoOutput));
        }
        finally
        {
            if (demo is { HasExited: false })
            {
                demo.Kill(entireProcessTree: true);
                demo.WaitForExit();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Waits for <paramref name="condition"/> in the page; on a timeout fails naming what was awaited, with the page's progress row and the demo's last output lines.</summary>
    private static async Task WaitOrSayWhy(IPage page, System.Collections.Concurrent.ConcurrentQueue<string> demoOutput, string what, string condition, PageWaitForFunctionOptions wait)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, null, wait);
        }
        catch (TimeoutException)
        {
            string rows = await page.Locator($"#{SsiPages.ProgressRowsId}").InnerTextAsync();
            Assert.Fail($"{what}: not within {wait.Timeout} ms. Progress rows:\n{rows}\nDemo output (last 20 lines):\n{string.Join("\n", demoOutput.TakeLast(20))}");
        }
    }

    private static Process StartDemo(string inventory, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "hanbench.dll"), "demo", "--real-time", "--scale", "20", "--inventory", inventory, "--json" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Opens the demo's inventory once the demo has made it (its schema in place), or fails if the demo ends first.</summary>
    private static async Task<InventoryStore> OpenWhenCreated(string inventory, Process demo, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        var limit = Stopwatch.StartNew();
        while (limit.Elapsed < TimeSpan.FromMinutes(2))
        {
            Assert.IsFalse(demo.HasExited, "the demo ended before its inventory could be read: " + string.Join("\n", output));
            if (File.Exists(inventory))
            {
                try
                {
                    var store = InventoryStore.Open(inventory);
                    if (store.SchemaVersion > 0)
                    {
                        return store;
                    }

                    store.Dispose();
                }
                catch (Microsoft.Data.Sqlite.SqliteException)
                {
                    // Still being created by the demo: look again.
                }
            }

            await Task.Delay(100);
        }

        throw new AssertFailedException("the demo made no inventory in two minutes");
    }

    private async Task Screenshot(IPage page, string name)
    {
        string folder = Environment.GetEnvironmentVariable("HANBENCH_SCREENSHOTS") is { Length: > 0 } chosen ? chosen : TestContext.TestRunResultsDirectory ?? Path.GetTempPath();
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.WriteLine($"screenshot: {file}");
    }

    /// <summary>Playwright, the browser and one page; skips the test with a clear message where the browser is missing.</summary>
    private sealed class BrowserSession : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page)
        {
            _playwright = playwright;
            _browser = browser;
            Page = page;
        }

        public IPage Page { get; }

        public static async Task<BrowserSession> StartAsync(bool javaScript)
        {
            if (!File.Exists(Chromium))
            {
                Assert.Inconclusive($"no Chromium at {Chromium}: .ci/setup installs Debian's chromium (or set HANBENCH_CHROMIUM)");
            }

            IPlaywright playwright = await Playwright.CreateAsync();
            IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
            IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = javaScript, ViewportSize = new ViewportSize { Width = 1200, Height = 700 } });

            // Playwright's 30 s default is a bound on waiting, not a figure under test: on a loaded 2-core machine a
            // headless Chromium beside the rest of the suite can take longer, and a test must not fail for it.
            context.SetDefaultTimeout(180_000);
            context.SetDefaultNavigationTimeout(180_000);
            return new BrowserSession(playwright, browser, await context.NewPageAsync());
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.CloseAsync();
            _playwright.Dispose();
        }
    }
}
