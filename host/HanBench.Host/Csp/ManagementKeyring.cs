using HanBench.Protocol.Management;
using HanBench.Protocol.Security;

namespace HanBench.Host.Csp;

/// <summary>
/// The management keys the host holds (issue 8 §3, <see cref="ManagementAuthenticator"/>): each Comms Hub's, from which
/// every HAN device's behind it is derived, so the host signs every management frame it sends — to the hub under the
/// hub's key, to a device under the device's. Counters are microseconds of the wall clock, strictly increasing in the
/// process, so a restarted host (or the next command) never reuses one a board has accepted. Thread-safe.
/// </summary>
public sealed class ManagementKeyring
{
    private static long s_lastCounter;
    private readonly Func<ulong, byte[]?> _hubKey;
    private readonly Lock _lock = new();
    private readonly ManagementAuthenticator _authenticator = new();
    private readonly byte[] _deviceKey = new byte[ManagementAuthenticator.KeyLength];

    /// <summary>Keys from a lookup of a hub's 32-octet management key (null: none, frames go unauthenticated and boards refuse them).</summary>
    public ManagementKeyring(Func<ulong, byte[]?> hubKey)
    {
        ArgumentNullException.ThrowIfNull(hubKey);
        _hubKey = hubKey;
    }

    /// <summary>HanBench's test keys from <paramref name="seed"/> (<see cref="GbcsTestKeys.Management"/>; not secret), as in-process benches provision.</summary>
    public static ManagementKeyring ForTestKeys(ulong seed = GbcsTestKeys.DefaultSeed) => new(hub =>
    {
        var key = new byte[ManagementAuthenticator.KeyLength];
        GbcsTestKeys.DerivePrivateKey(seed, hub, GbcsTestKeys.Management, key, 0);
        return key;
    });

    /// <summary>The next counter: the wall clock in microseconds since 1970, above every counter handed out before in this process.</summary>
    public static ulong NextCounter()
    {
        long now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        while (true)
        {
            long last = Interlocked.Read(ref s_lastCounter);
            long next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref s_lastCounter, next, last) == last)
            {
                return (ulong)next;
            }
        }
    }

    /// <summary>Whether the host holds the management key of <paramref name="hub"/> (and so of every device behind it).</summary>
    public bool HoldsKeyFor(ulong hub) => _hubKey(hub) is not null;

    /// <summary>
    /// Checks a management frame <paramref name="source"/> (the hub, or a device behind it) sent to
    /// <paramref name="destination"/>: Ok with the message's length and the sender's counter when its MAC verifies under
    /// the source's key; without a key for the hub, every frame is Unauthenticated.
    /// </summary>
    public ManagementAuthStatus Verify(ushort clusterId, ulong source, ulong hub, ulong destination, byte[] payload, int offset, int count, out int messageLength, out ulong counter)
    {
        messageLength = count;
        counter = 0;
        byte[]? hubKey = _hubKey(hub);
        if (hubKey is null)
        {
            return ManagementAuthStatus.Unauthenticated;
        }

        lock (_lock)
        {
            KeyFor(hubKey, hub, source);
            ManagementAuthStatus status = _authenticator.Verify(clusterId, source, destination, payload, offset, count, out counter);
            if (status == ManagementAuthStatus.Ok)
            {
                messageLength = count - ManagementAuthenticator.TrailerLength;
            }

            return status;
        }
    }

    /// <summary>
    /// The frame to send for <paramref name="message"/> from <paramref name="source"/> to <paramref name="destination"/>
    /// behind <paramref name="hub"/>: its cluster id (the security suite, or 0 when no key is held) and payload.
    /// </summary>
    public (ushort ClusterId, byte[] Payload) Seal(ulong source, ulong hub, ulong destination, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        byte[]? hubKey = _hubKey(hub);
        if (hubKey is null)
        {
            return (0, message);
        }

        var payload = new byte[message.Length + ManagementAuthenticator.TrailerLength];
        message.CopyTo(payload, 0);
        lock (_lock)
        {
            KeyFor(hubKey, hub, destination);
            _authenticator.Seal(source, destination, NextCounter(), payload, 0, message.Length);
        }

        return (ManagementAuthenticator.SecuritySuite, payload);
    }

    // The key between the host and `party`: the hub's own, or the one derived for a device behind it. Under _lock.
    private void KeyFor(byte[] hubKey, ulong hub, ulong party)
    {
        if (party == hub)
        {
            _authenticator.SetKey(hubKey, 0);
        }
        else
        {
            _authenticator.DeriveDeviceKey(hubKey, 0, party, _deviceKey, 0);
            _authenticator.SetKey(_deviceKey, 0);
        }
    }
}
