using System.CommandLine;
using System.Security.Cryptography;
using HanBench.Host.Keys;

namespace HanBench.Cli.Commands;

/// <summary>
/// The one <c>--keystore DIR</c> option and the one default keystore (issue 8 §1: "a keystore folder that the demo,
/// <c>bench run</c>, <c>csp run</c>, <c>serve</c> and <c>flash</c> share"): without the option every command opens
/// <see cref="DefaultPath"/>. The commands that stand up or talk to devices create it on first use
/// (<see cref="OpenOrCreate"/>, said once on standard error) and provision every device from it
/// (<see cref="Provisioning(CliConsole, string?)"/>), so what they emit verifies with <c>gbcs verify</c> and <c>keys export</c> of that folder.
/// </summary>
public static class KeystoreOption
{
    /// <summary>Environment variable that overrides the default keystore folder.</summary>
    public const string Variable = "HANBENCH_KEYSTORE";

    /// <summary>The default keystore: <c>$HANBENCH_KEYSTORE</c>, else <c>HanBench/keystore</c> in the user's local data folder.</summary>
    public static string DefaultPath => InventoryAccess.UserDataPath(Variable, "keystore");

    /// <summary>The option; <paramref name="use"/> says what the command does with the keystore.</summary>
    public static Option<string?> Create(string use = "Keystore folder") => new("--keystore")
    {
        Description = $"{use} (default: ${Variable}, else HanBench/keystore in the user's local data folder).",
    };

    /// <summary>The option of the commands that stand up or talk to devices (demo, <c>bench run</c>, <c>csp run</c>).</summary>
    public static Option<string?> CreateForDevices() => Create(
        "Keystore folder every device is provisioned from (its own DS, KA and management keys, issued there on first use) and the host takes its keys from; made on first use");

    /// <summary>The folder the option names, or the default keystore when it is absent.</summary>
    public static string PathOf(string? given) => string.IsNullOrWhiteSpace(given) ? DefaultPath : given;

    /// <summary>Opens the keystore as it is (an absent folder is an empty keystore).</summary>
    /// <exception cref="CliException">The keystore cannot be read (exit 2, naming its folder).</exception>
    public static Keystore Open(string? given)
    {
        string folder = PathOf(given);
        return Guard(folder, () => Keystore.Open(folder));
    }

    /// <summary>
    /// Opens the keystore a read command reads (<c>keys list</c>, <c>keys export</c>): a folder holding no keystore is a
    /// mistyped path, refused, never read as an empty keystore (issue 13 §1: a read never makes or passes over a store).
    /// </summary>
    /// <exception cref="CliException">There is no keystore there, or it cannot be read (exit 2, naming its folder).</exception>
    public static Keystore OpenExisting(string? given)
    {
        Keystore store = Open(given);
        if (!store.HasCertificateAuthority && store.Parties.Count == 0 && store.Credentials.Count == 0)
        {
            throw new CliException($"no keystore at {store.Folder} ('hanbench keys init' makes one; demo, bench run, csp run, serve and flash make the default one on first use)", ExitCodes.BadInput);
        }

        return store;
    }

    /// <summary>
    /// Opens the keystore, first creating its test PKI and default parties (<see cref="Keystore.Init(string, DateTimeOffset, out bool, bool)"/>)
    /// when it has no test CA yet (first use), which is said once on <paramref name="console"/>'s standard error. One
    /// with a test CA is opened as it is: what its owner removed or never added (<c>keys init --no-parties</c>) is not
    /// made behind their back.
    /// </summary>
    /// <exception cref="CliException">The keystore cannot be read or written (exit 2, naming its folder).</exception>
    public static Keystore OpenOrCreate(CliConsole console, string? given)
    {
        ArgumentNullException.ThrowIfNull(console);
        string folder = PathOf(given);
        return Guard(folder, () =>
        {
            Keystore store = Keystore.OpenOrInit(folder, DateTimeOffset.UtcNow, out bool created);
            if (created)
            {
                console.Error.WriteLine($"hanbench: created keystore at {store.Folder} (a test CA, the ACB, the supplier and the transitional CoS party; 'hanbench keys list' shows them)");
            }

            return store;
        });
    }

    /// <summary>
    /// What the devices a command stands up or talks to are provisioned with, and the matching keys the host holds: the
    /// keystore's (<see cref="OpenOrCreate"/>; each device issued its own keys there on first use).
    /// </summary>
    /// <exception cref="CliException">The keystore cannot be used (exit 2, naming its folder).</exception>
    public static BoardProvisioning Provisioning(CliConsole console, string? given) => Provisioning(OpenOrCreate(console, given));

    /// <summary><see cref="Provisioning(CliConsole, string?)"/> for a keystore already open.</summary>
    public static BoardProvisioning Provisioning(Keystore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Guard(store.Folder, () => BoardProvisioning.FromKeystore(store, Keystore.DefaultAccessControlBroker, Keystore.DefaultSupplier, TimeProvider.System));
    }

    /// <summary>Runs <paramref name="action"/> on the keystore in <paramref name="folder"/>; its failures are one line naming the folder, exit 2.</summary>
    public static T Guard<T>(string folder, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return action();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new CliException($"keystore {Path.GetFullPath(folder)}: {e.Message}", ExitCodes.BadInput);
        }
    }
}
