using System.Diagnostics;
using HanBench.Host.Inventory;

namespace HanBench.Host.Keys;

/// <summary>
/// One keystore shared by every command (issue 8 §1), so by processes that may run at once: whatever creates keys —
/// the test PKI at first use, a device's credentials at its first provisioning — does it under the folder's lock, after
/// looking at what the folder holds by then, so two processes never give one device two key pairs.
/// </summary>
public sealed partial class Keystore
{
    private const string LockFile = ".lock";

    // Creating a test PKI or a device's credentials takes well under a second; a lock held far longer is a stuck process.
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The keystore in <paramref name="folder"/> as it is when it has a test PKI, else made now with the default parties
    /// (<paramref name="created"/>): what a command opens by default. The test PKI is looked for under the lock, since
    /// <see cref="Init(string, DateTimeOffset, out bool, bool)"/> writes the CA before the parties, and a process that saw
    /// the CA without the lock could open a keystore whose ACB and supplier are not written yet. One whose owner made it
    /// without the default parties (<c>keys init --no-parties</c>) is opened as it is.
    /// </summary>
    public static Keystore OpenOrInit(string folder, DateTimeOffset now, out bool created)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        using FileStream held = LockFolder(Path.GetFullPath(folder));
        Keystore store = Open(folder);
        if (store.HasCertificateAuthority)
        {
            created = false;
            return store;
        }

        return InitLocked(store, now, out created, defaultParties: true);
    }

    /// <summary>
    /// Runs <paramref name="change"/> under the keystore's lock (<see cref="PutParty"/> reads <c>parties.json</c> again
    /// before it writes it): a change made outside
    /// <see cref="Init(string, DateTimeOffset, out bool, bool)"/> and <see cref="EnsureIssued"/> (<c>keys issue</c>,
    /// <c>keys import</c>), so two processes writing <c>parties.json</c> at once never lose each other's parties.
    /// </summary>
    public T Locked<T>(Func<T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using FileStream held = LockFolder(Folder);
        return change();
    }

    /// <summary>
    /// <paramref name="id"/>'s primary DS and KA credentials with their private keys: the ones the folder holds (another
    /// process sharing the keystore may have issued them since this one opened it), else issued now
    /// (<see cref="Issue"/>). True when they were issued now.
    /// </summary>
    /// <exception cref="InvalidOperationException">No test PKI yet (run <c>keys init</c>).</exception>
    public bool EnsureIssued(Eui64 id, PartyRole role, string? name, DateTimeOffset now)
    {
        using FileStream held = LockFolder(Folder);
        foreach (CredentialUsage usage in Enum.GetValues<CredentialUsage>())
        {
            ReloadPrimary(id, usage);
        }

        if (HoldsPrimaryKeys(id))
        {
            return false;
        }

        Issue(id, role, name, now);
        return true;
    }

    /// <summary>
    /// <paramref name="id"/>'s primary credential for <paramref name="usage"/>, read from the folder when this instance
    /// holds none: a device another process sharing the keystore provisioned after this one opened it (a board started
    /// with <c>--keystore</c> while <c>csp run</c> runs).
    /// </summary>
    public PartyCredential? PrimaryOrReload(Eui64 id, CredentialUsage usage)
    {
        if (Primary(id, usage) is null)
        {
            try
            {
                ReloadPrimary(id, usage);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                // Half-made by another process or unreadable: as if absent (the device's messages then fail their check, named).
                return null;
            }
        }

        return Primary(id, usage);
    }

    /// <summary>Whether the keystore holds <paramref name="id"/>'s primary DS and KA credentials with their private keys.</summary>
    public bool HoldsPrimaryKeys(Eui64 id) =>
        Primary(id, CredentialUsage.DigitalSigning)?.PrivateKeyPem is not null && Primary(id, CredentialUsage.KeyAgreement)?.PrivateKeyPem is not null;

    /// <summary>
    /// Takes the keystore's lock (<c>.lock</c> in <paramref name="folder"/>, made with the folder if need be): an exclusive
    /// open, which .NET makes an advisory lock on Unix, released when the stream is disposed or the process ends.
    /// </summary>
    /// <exception cref="IOException">Another process held it for <see cref="LockWait"/>.</exception>
    private static FileStream LockFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, LockFile);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockWait && File.Exists(path))
            {
                Thread.Sleep(20);
            }
            catch (IOException e) when (File.Exists(path))
            {
                throw new IOException($"another hanbench process has held the keystore's lock ({path}) for {LockWait.TotalSeconds:0} s; is one stuck?", e);
            }
        }
    }

    // The party's primary credential for a usage as the folder holds it now, replacing what this instance read before.
    private void ReloadPrimary(Eui64 id, CredentialUsage usage)
    {
        string stem = Path.Combine(Folder, FileStem(id, usage, null));
        if (!File.Exists(stem + ".pem"))
        {
            return;
        }

        var credential = new PartyCredential(id, usage, ReadCertificate(stem + ".pem"), File.Exists(stem + ".key") ? File.ReadAllText(stem + ".key") : null, Primary: true);
        if (Primary(id, usage) is { } known)
        {
            _credentials.Remove(known);
        }

        _credentials.Add(credential);
    }
}
