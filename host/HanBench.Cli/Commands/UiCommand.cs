using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using HanBench.Cli.Output;
using HanBench.Host.Inventory;
using HanBench.Host.Serve;
using HanBench.Host.Ssi;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench ui [--listen 127.0.0.1:8080] [--db FILE]</c>: the Self-Service Interface (SECMP0170 §4.2, §4.4) over an
/// existing inventory, on loopback only, read-only. Runs until SIGINT or SIGTERM.
/// </summary>
public static class UiCommand
{
    /// <summary>The default bind address.</summary>
    public const string DefaultBind = "127.0.0.1:8080";

    public static Command Create(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var listen = new Option<string>("--listen") { Description = $"Loopback address and port (default {DefaultBind}; port 0: any free port).", DefaultValueFactory = _ => DefaultBind };
        var command = new Command("ui", "Serve the Self-Service Interface (a read-only web view of the inventory, live firmware progress and alerts) on loopback.") { listen, db, json };
        command.SetAction(parse =>
        {
            if (!LoopbackEndpoint.TryParse(parse.GetValue(listen), out IPEndPoint? bind, out string? problem))
            {
                throw new CliException($"--listen: {problem}", ExitCodes.BadInput);
            }

            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            using var stop = new CancellationTokenSource();
            using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            SsiServer server;
            try
            {
                server = SsiServer.StartAsync(bind, store).GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                throw new CliException($"cannot listen on {bind}: {e.Message}", ExitCodes.Failed);
            }

            if (parse.GetValue(json))
            {
                CliJson.Write(console, new UiListeningJson(server.BaseAddress.ToString(), store.DataSource));
            }
            else
            {
                console.Out.WriteLine($"SSI on {server.BaseAddress} (read-only) over {store.DataSource}; Ctrl+C stops");
            }

            console.Out.Flush();
            stop.Token.WaitHandle.WaitOne();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return ExitCodes.Ok;
        });
        return command;
    }
}
