using System.CommandLine;
using HanBench.Host.Keys;

namespace HanBench.Cli.Commands;

/// <summary>
/// The <c>--keystore DIR</c> option of the commands that stand up or talk to devices (issue 8 §1): every device is
/// provisioned with its own keys from the keystore and the host uses the matching ones (<see cref="BoardProvisioning"/>).
/// </summary>
public static class KeystoreOption
{
    /// <summary>The option.</summary>
    public static Option<string?> Create() => new("--keystore")
    {
        Description = "Keystore folder (made if need be, as 'hanbench keys init' does): each device gets its own DS, KA and management keys from it, issued on first use, and the host holds the matching ones; default: HanBench's test keys (not secret).",
    };

    /// <summary>The provisioning <paramref name="folder"/> gives, or HanBench's test keys when it is null.</summary>
    /// <exception cref="CliException">The keystore cannot be opened or lacks the ACB's or supplier's private keys.</exception>
    public static BoardProvisioning Open(string? folder)
    {
        if (folder is null)
        {
            return BoardProvisioning.TestKeys;
        }

        try
        {
            Keystore store = Keystore.Init(folder, DateTimeOffset.UtcNow);
            return BoardProvisioning.FromKeystore(store, Keystore.DefaultAccessControlBroker, Keystore.DefaultSupplier, TimeProvider.System);
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--keystore {folder}: {ex.Message}", ExitCodes.BadInput);
        }
    }
}
