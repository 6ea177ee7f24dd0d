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
